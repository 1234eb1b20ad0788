// libFuzzer target: a mapping profile (pipelines/profiles/NAME.yml) as text, through the loader
// and what ingest does with a loaded profile (recognise a header, translate values, map a header).
// Bad YAML or a bad profile must give a `MappingProfile.Problem` with a message, never a crash.
import Domain
import Foundation

@testable import Ingest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    do {
        let profile = try MappingProfile.parse(text, path: "profiel.yml")
        let header = Array(profile.columns.values) + ["Extra"]
        _ = profile.recognises(header)
        for column in ExportColumn.allCases { _ = profile.translate("Pesten/treiteren", for: column) }
        _ = try? ProfileCatalog(profiles: [profile, profile]).recognise(header)
        _ = try? HeaderMap(header: header, profile: profile)
    } catch let problem as MappingProfile.Problem {
        expectMessage(problem.message, problem)
    } catch {
        unexpected(error)
    }
    return 0
}
