# cmake -DSRC=<node_modules file> -DDST=<site file> -P copy_vendor.cmake
if(NOT EXISTS "${SRC}")
  message(FATAL_ERROR
    "${SRC} is missing: the web app's npm packages are not installed. "
    "Run `npm ci --prefix clients/web` (or deploy/install-deps.sh as root), then build again.")
endif()
get_filename_component(dir "${DST}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(COPY_FILE "${SRC}" "${DST}")
