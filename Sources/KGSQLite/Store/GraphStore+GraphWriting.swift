import KGModel
import KGStorage

/// The SQLite file is the graph that takes writes (``GraphWriting``).
extension GraphStore: GraphWriting {}
