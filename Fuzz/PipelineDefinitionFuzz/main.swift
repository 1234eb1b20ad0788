// libFuzzer target: a pipeline file (pipelines/NAME.yml) as text, through the loader and
// `--set` overrides. Bad YAML or a bad definition must give a `PipelineDefinition.Problem`
// (or a `UsageError` for an override) with a message, never a crash.
import Domain
import Foundation

@testable import Pipeline

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    do {
        let definition = try PipelineDefinition.parse(text, path: "pijplijn.yml")
        for key in definition.parameters.keys.sorted() {
            do {
                _ = try definition.overriding(["\(key)=\(definition.parameters[key]!)", "\(key)=1"])
            } catch {
                expectMessage(error.message, error)
            }
        }
    } catch {
        expectMessage(error.message, error)
    }
    return 0
}
