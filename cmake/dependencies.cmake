# Where ICU and nlohmann/json come from: Debian's packages natively, the ICU we compile for
# WebAssembly (scripts/build-icu-wasm.sh) under Emscripten.
if(EMSCRIPTEN)
  if(NOT POSTGUARD_ICU_WASM_DIR)
    message(FATAL_ERROR "POSTGUARD_ICU_WASM_DIR must point at the ICU built for wasm (scripts/build-icu-wasm.sh)")
  endif()
  add_library(postguard_icu INTERFACE)
  target_include_directories(postguard_icu SYSTEM INTERFACE ${POSTGUARD_ICU_WASM_DIR}/include)
  target_link_libraries(postguard_icu INTERFACE
    ${POSTGUARD_ICU_WASM_DIR}/lib/libicui18n.a ${POSTGUARD_ICU_WASM_DIR}/lib/libicuuc.a
    ${POSTGUARD_ICU_WASM_DIR}/lib/libicudata_stub.a)
  target_compile_definitions(postguard_icu INTERFACE U_STATIC_IMPLEMENTATION U_CHARSET_IS_UTF8=1
    UCONFIG_NO_LEGACY_CONVERSION=1 UCONFIG_NO_FILE_IO=1 U_USING_ICU_NAMESPACE=0
    UCONFIG_NO_FORMATTING=1 UCONFIG_NO_COLLATION=1)
  # nlohmann/json is header-only: expose just its folder from Debian's package, not /usr/include.
  set(_pg_json_root ${CMAKE_BINARY_DIR}/third_party/include)
  file(MAKE_DIRECTORY ${_pg_json_root})
  if(NOT EXISTS ${_pg_json_root}/nlohmann)
    file(CREATE_LINK /usr/include/nlohmann ${_pg_json_root}/nlohmann SYMBOLIC)
  endif()
  add_library(postguard_json INTERFACE)
  target_include_directories(postguard_json SYSTEM INTERFACE ${_pg_json_root})
else()
  find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
  find_package(nlohmann_json 3.11 REQUIRED)
  add_library(postguard_icu INTERFACE)
  target_link_libraries(postguard_icu INTERFACE ICU::i18n ICU::uc)
  target_compile_definitions(postguard_icu INTERFACE U_USING_ICU_NAMESPACE=0)
  add_library(postguard_json INTERFACE)
  target_link_libraries(postguard_json INTERFACE nlohmann_json::nlohmann_json)
endif()
