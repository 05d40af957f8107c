import ArgumentParser
import Foundation
import LessonKit
import MLCore

/// `--data mnist|digits|DIR`: which dataset an MLP run trains on.
struct DataChoice {
    /// Loads the named dataset from the assets folder, or a directory of IDX files.
    static func load(_ name: String, location: LocationOptions) throws -> DataSplits {
        switch name {
        case "mnist", "digits":
            let path = try location.asset(name == "mnist" ? "mnist" : "digits/digits.csv.gz")
            do {
                return name == "mnist" ? try DatasetLoader.idxDirectory(path) : try DatasetLoader.digitsCSV(path)
            } catch { throw LecternError(error.description) }
        default:
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: name, isDirectory: &isDir), isDir.boolValue else {
                throw LecternError("--data must be mnist, digits, or a directory of IDX files; '\(name)' is none of these")
            }
            do { return try DatasetLoader.idxDirectory(name) } catch { throw LecternError(error.description) }
        }
    }
}
