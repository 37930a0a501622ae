#include <cstdio>

struct Sample {
    double value = 0;
};

Sample* makeSamples(int n) {
    return new Sample[n];
}

void dropSamples(Sample* samples) {
    delete samples;
}

int main() {
    Sample* s = makeSamples(4);
    s[0].value = 1.5;
    std::printf("%f\n", s[0].value);
    dropSamples(s);
    return 0;
}
