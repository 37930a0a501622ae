#include <cstdio>

struct TreeNode {
    int key;
    TreeNode* left;
    TreeNode* right;
};

int depth(const TreeNode* node) {
    int left = depth(node->left);
    int right = depth(node->right);
    return 1 + (left > right ? left : right);
}

int main() {
    TreeNode leaf{2, nullptr, nullptr};
    TreeNode root{1, &leaf, nullptr};
    std::printf("%d\n", depth(&root));
    return 0;
}
