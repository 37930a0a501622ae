#include <cstdio>
#include <cstring>

const std::size_t kPayload = 16;

struct Packet {
    std::size_t length;
    unsigned char* payload;
};

Packet makePacket(const unsigned char* data, std::size_t length) {
    Packet packet;
    packet.payload = new unsigned char[kPayload];
    packet.length = length;
    std::memcpy(packet.payload, data, length);
    return packet;
}

int main() {
    unsigned char data[24] = {1, 2, 3};
    Packet packet = makePacket(data, sizeof(data));
    std::printf("%zu\n", packet.length);
    delete[] packet.payload;
    return 0;
}
