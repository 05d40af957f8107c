#ifndef LECTERN_CZLIB_SHIM_H
#define LECTERN_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro; Swift cannot call it.
static inline int lectern_inflate_init_gzip(z_stream *stream) {
    // 15 window bits + 32: accept both zlib and gzip headers.
    return inflateInit2(stream, 15 + 32);
}
#endif
