# Joins the Emscripten glue (GLUE) and the hand-written wrapper (WRAPPER) into one ES module
# (OUTPUT), so that consumers ship two files: postguard.mjs and postguard.wasm.
# Run as `cmake -DGLUE=... -DWRAPPER=... -DOUTPUT=... -P bundle.cmake`.
file(READ ${GLUE} glue)
file(READ ${WRAPPER} wrapper)
set(glue_export "export default createPostguardCore;")
set(wrapper_import "import createPostguardCore from './postguard-core.mjs';\n")
string(FIND "${glue}" "${glue_export}" at)
string(FIND "${wrapper}" "${wrapper_import}" at_import)
if(at EQUAL -1 OR at_import EQUAL -1)
  message(FATAL_ERROR "bundle.cmake: the glue's default export or the wrapper's import is not where expected")
endif()
string(REPLACE "${glue_export}" "" glue "${glue}")
string(REPLACE "${wrapper_import}" "" wrapper "${wrapper}")
file(WRITE ${OUTPUT}.tmp "${wrapper}\n// The Emscripten glue of the core (generated; its own default export removed).\n${glue}\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
