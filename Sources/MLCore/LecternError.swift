/// A failure told to the user in one clear sentence (the command line exits 1 with it; a lab shows it in
/// its pane).
public struct LecternError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
