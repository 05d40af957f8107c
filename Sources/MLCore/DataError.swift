/// A problem with a data file: which file (or `file:line`) and what is wrong with it.
///
/// The description reads `path: message`, ready to show to the user as is.
public struct DataError: Error, CustomStringConvertible, Equatable {
    /// The file the problem is in, or `file:line` for a problem on one line of a text file.
    public var path: String
    /// What is wrong, in words.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
