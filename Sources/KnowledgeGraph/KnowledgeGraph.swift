// `import KnowledgeGraph` gives the whole library: each layer below is its own
// target (docs/architecture.md, "Targets"), re-exported here so that the `kg`
// executable, the HTTP server, the fuzzers and library users need one import.
@_exported import KGModel
@_exported import KGStorage
@_exported import KGSQLite
@_exported import KGEngine
@_exported import KGAsk
@_exported import KGImportExport
