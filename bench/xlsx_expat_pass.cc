// The baseline of bench/import_bench.sh: the least any xlsx reader must do —
// inflate the first sheet with libzip and run expat over it, counting rows and
// cells and keeping nothing. Prints "ROWS rows, CELLS cells".
//   xlsx_expat_pass BOOK.xlsx [PART]   (default xl/worksheets/sheet1.xml)
#include <expat.h>
#include <zip.h>

#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace {
struct Counts {
  long rows = 0, cells = 0;
};
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: xlsx_expat_pass BOOK.xlsx [PART]\n");
    return 2;
  }
  const char* part = argc > 2 ? argv[2] : "xl/worksheets/sheet1.xml";
  int error = 0;
  zip_t* zip = zip_open(argv[1], ZIP_RDONLY, &error);
  if (!zip) return std::fprintf(stderr, "xlsx_expat_pass: cannot open %s\n", argv[1]), 1;
  // The shared strings are read too (and dropped), as a reader must.
  for (const char* p : {"xl/sharedStrings.xml", part}) {
    zip_file_t* in = zip_fopen(zip, p, 0);
    if (!in) continue;
    XML_Parser parser = XML_ParserCreate("UTF-8");
    Counts counts;
    XML_SetUserData(parser, &counts);
    XML_SetElementHandler(
        parser,
        [](void* data, const XML_Char* name, const XML_Char**) {
          auto* c = static_cast<Counts*>(data);
          if (std::strcmp(name, "row") == 0) ++c->rows;
          if (std::strcmp(name, "c") == 0) ++c->cells;
        },
        nullptr);
    static char buf[64 * 1024];
    for (;;) {
      const zip_int64_t n = zip_fread(in, buf, sizeof buf);
      if (n < 0 || XML_Parse(parser, buf, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
        std::fprintf(stderr, "xlsx_expat_pass: %s is broken\n", p);
        return 1;
      }
      if (n == 0) break;
    }
    if (p == part) std::printf("%ld rows, %ld cells\n", counts.rows, counts.cells);
    XML_ParserFree(parser);
    zip_fclose(in);
  }
  zip_discard(zip);
  return 0;
}
