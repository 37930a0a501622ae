#include <cstdio>
#include <cstring>
#include <string>

std::string fullPath(const std::string& folder, const std::string& file) {
    return folder + "/" + file;
}

std::size_t pathLength() {
    const char* path = fullPath("/var/lib/inventory", "warehouse-items.db").c_str();
    return std::strlen(path);
}

int main() {
    std::printf("%zu\n", pathLength());
    return 0;
}
