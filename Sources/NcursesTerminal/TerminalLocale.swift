import CNcursesw

/// Makes sure the C library speaks UTF-8 before curses starts, so CJK text is not lost.
public enum TerminalLocale {
    /// Applies the user's locale; when it is not UTF-8 (`LANG=C`, say) falls back to a UTF-8 one.
    /// Returns the locale in force and whether it is UTF-8.
    @discardableResult
    public static func ensureUTF8() -> (name: String, utf8: Bool) {
        _ = setlocale(LC_ALL, "")
        if isUTF8 { return (current, true) }
        for candidate in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"] where setlocale(LC_ALL, candidate) != nil {
            if isUTF8 { return (current, true) }
        }
        _ = setlocale(LC_ALL, "")
        return (current, false)
    }

    static var isUTF8: Bool {
        let codeset = String(cString: lectern_codeset()).uppercased()
        return codeset == "UTF-8" || codeset == "UTF8"
    }

    static var current: String { setlocale(LC_ALL, nil).map { String(cString: $0) } ?? "C" }
}
