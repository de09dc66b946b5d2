import Foundation

/// The SQL migrations shipped with the migrator (`sql/NNNN_name.up.sql` / `.down.sql`), bundled as
/// resources of this target.
public enum MigrationScripts {
    /// The folder holding the bundled `.sql` files.
    public static var directory: URL? { Bundle.module.resourceURL?.appendingPathComponent("sql") }
}
