import Testing
@testable import Disclosure
