// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Schoolveilig",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schoolveilig", targets: ["CLI"]),
        .executable(name: "schoolveilig-bench", targets: ["Bench"]),
    ],
    // Exact versions: Package.resolved stays out of git (it is machine-specific here), so the
    // manifest itself pins what every build uses. Raise a version here, deliberately, to upgrade.
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // PostgreSQL, the shared store beside SQLite (Store module only).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Only for the benchmark's parser comparison (why the CSV reader is hand-written).
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
    ],
    targets: [
        // Domain words and value types shared by every stage; no I/O.
        .target(name: "Domain", swiftSettings: strict),
        // Stage 1a, pure: the bytes of deliveries and reference files — CSV and XLSX readers,
        // dialects, fingerprints, mapping profiles and the YAML guard, header search,
        // validation. No database: Reports and Pipeline may use it without pulling in Ingest.
        .target(
            name: "Formats",
            dependencies: [
                "Domain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        // Stage 1b: read deliveries through Formats, validate, hand canonical rows to the store.
        .target(
            name: "Ingest",
            dependencies: [
                "Domain", "Formats", "Store",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Stage 2: the SQLite database (GRDB), migrations, records, delivery writer, run lock; the
        // only module that speaks SQL. Its ports (Sources/Store/Ports) are what the others see.
        .target(
            name: "Store",
            dependencies: [
                "Domain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict),
        // Stage 3: the mart tables, pure functions over the records of a Store snapshot.
        .target(name: "Analytics", dependencies: ["Domain", "Store"], swiftSettings: strict),
        // Stage 4: statistics for trend signals (exact Poisson methods, GLMs, Farrington, FDR); no I/O.
        .target(name: "Statistics", swiftSettings: strict),
        // Stage 5: disclosure control (primary and secondary cell suppression, the audit); no I/O.
        // Optimised in debug builds too: the audit over the whole publication (linear programmes)
        // is about ten times slower unoptimised, which would make the demo and the suite too slow.
        .target(
            name: "Disclosure",
            swiftSettings: strict + [.unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug))]),
        // libxlsxwriter (C, apt: libxlsxwriter-dev) and the thin typed Swift layer over it.
        .systemLibrary(name: "CXlsxwriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "Workbook", dependencies: ["CXlsxwriter"], swiftSettings: strict),
        // Stage 6: the briefing packs (XLSX with native charts, CSV, manifest) per meeting.
        .target(
            name: "Reports",
            dependencies: [
                "Domain", "Store", "Formats", "Analytics", "Statistics", "Disclosure", "Workbook",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The staged pipeline engine: pipelines/*.yml, the run log, the nightly job.
        .target(
            name: "Pipeline",
            dependencies: [
                "Domain", "Ingest", "Formats", "Store", "Reports", "Workbook",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        // The built-in demo: fictional reference data and exports.
        .target(name: "Demo", dependencies: ["Domain", "Ingest", "Formats", "Store", "Analytics"], swiftSettings: strict),
        // Thin command line: parses arguments, calls the stages.
        .executableTarget(
            name: "CLI",
            dependencies: [
                "Domain", "Ingest", "Formats", "Store", "Analytics", "Pipeline", "Demo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Benchmark driver (make bench): not part of the test suite.
        .executableTarget(
            name: "Bench",
            dependencies: [
                "Demo", "Ingest", "Formats", "Store",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            path: "Benchmarks/Bench", swiftSettings: strict),
        // Helpers shared by the test targets: temporary folders, reference fixtures, a database dump.
        // The only test code besides StoreTests that reads tables directly (`database.probe`).
        .target(
            name: "TestSupport", dependencies: ["Domain", "Store", "Ingest", "Formats", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strict),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "Formats", "Store", "Domain", "Analytics", "TestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ], swiftSettings: strict),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Domain", "Ingest", "Formats", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "AnalyticsTests", dependencies: ["Analytics", "Ingest", "Formats", "Store", "Domain", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "PipelineTests", dependencies: ["Pipeline", "Ingest", "Formats", "Store", "Domain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Domain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], swiftSettings: strict),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Analytics", "Ingest", "Formats", "Store", "Domain", "Demo", "Pipeline", "Statistics", "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(name: "DisclosureTests", dependencies: ["Disclosure"], swiftSettings: strict),
        .testTarget(name: "WorkbookTests", dependencies: ["Workbook", "Ingest", "Formats", "TestSupport"], swiftSettings: strict),
        // Runs the built `schoolveilig` binary end to end; imports no module of the package.
        .testTarget(name: "CLITests", swiftSettings: strict),
    ]
)
