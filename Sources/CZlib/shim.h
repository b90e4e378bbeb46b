#ifndef DESKWATCH_CZLIB_SHIM_H
#define DESKWATCH_CZLIB_SHIM_H

#include <zlib.h>

/// deflateInit is a macro (it passes ZLIB_VERSION and sizeof(z_stream)), which Swift cannot call.
static inline int czlib_deflate_init(z_streamp stream, int level) {
    return deflateInit(stream, level);
}

/// inflateInit is a macro (it passes ZLIB_VERSION and sizeof(z_stream)), which Swift cannot call.
static inline int czlib_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}

#endif
