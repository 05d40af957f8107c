import CZlib

/// gzip-compresses `bytes` with zlib's deflate (window bits 15 + 16 = gzip wrapper), or zlib-wraps them.
func zlibDeflate(_ bytes: [UInt8], gzip: Bool = true) -> [UInt8] {
    var stream = z_stream()
    let status = deflateInit2_(&stream, 6, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY,
                               zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK)
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    let produced = input.withUnsafeMutableBufferPointer { inp in
        output.withUnsafeMutableBufferPointer { out in
            stream.next_in = inp.baseAddress
            stream.avail_in = UInt32(inp.count)
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            let result = deflate(&stream, Z_FINISH)
            precondition(result == Z_STREAM_END)
            return out.count - Int(stream.avail_out)
        }
    }
    return Array(output[..<produced])
}
