# ruhr_library(NAME SOURCES a.cpp ... [PUBLIC libs...] [PRIVATE libs...]): one folder's
# library, made the same way for every folder: static, the project root on the include path
# (includes are spelled "folder/file.h"), the project's warnings. Which folders a library may
# use is docs/architecture.md's, checked by tests/layering.
function(ruhr_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;PUBLIC;PRIVATE")
  add_library(${name} STATIC ${arg_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${RUHR_WARNINGS})
  target_link_libraries(${name} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})
endfunction()
