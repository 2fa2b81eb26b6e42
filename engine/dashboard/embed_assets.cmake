# Turns the dashboard's static files into a C++ source of byte arrays, so the
# binary serves them with nothing installed beside it. Run by the build:
#   cmake -DOUT=file.cc -DDIR=static -DFILES="index.html;app.js" -P embed_assets.cmake
set(body "// Generated from engine/dashboard/static by embed_assets.cmake. Do not edit.\n")
string(APPEND body "#include \"dashboard/assets.h\"\n\nnamespace luodi::dashboard {\n\nnamespace {\n")
set(entries "")
set(i 0)
foreach(name IN LISTS FILES)
  file(READ "${DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "const unsigned char asset${i}[${size} + 1] = {${bytes}0};\n")
  string(APPEND entries "      {\"${name}\", std::string_view(reinterpret_cast<const char*>(asset${i}), ${size})},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\n}  // namespace\n\nconst std::vector<Asset>& assets() {\n  static const std::vector<Asset> all = {\n${entries}  };\n  return all;\n}\n\n}  // namespace luodi::dashboard\n")
file(WRITE "${OUT}" "${body}")
