# Writes OUTPUT: a C++ file holding the built-in policy packs (policies/builtin/*.json) as raw
# string literals, so the engine needs no file system. Run as `cmake -DOUTPUT=... -DINPUTS=a;b -P`.
set(body "// Generated from policies/builtin/*.json by cmake/embed_packs.cmake. Do not edit.\n")
string(APPEND body "#include \"builtin_packs.hpp\"\n\nnamespace postguard::builtin {\n")
string(APPEND body "const std::vector<Pack>& packs() {\n  static const std::vector<Pack> all = {\n")
foreach(input IN LISTS INPUTS)
  get_filename_component(name ${input} NAME_WE)
  file(READ ${input} content)
  string(APPEND body "      {\"builtin:${name}\", R\"PGJSON(${content})PGJSON\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n}  // namespace postguard::builtin\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
