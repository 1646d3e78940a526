// The `inlay` command line (DESIGN.md §2.3). Placeholder until the foundation issue lands the real driver.
#include <cstdio>
int main() { std::fputs("inlay: not built yet\n", stderr); return 2; }
