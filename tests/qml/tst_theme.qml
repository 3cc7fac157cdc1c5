import QtQuick
import QtTest
import GatewayStudio.Ui

TestCase {
    name: "Theme"

    function test_everyKindHasItsOwnColour() {
        const kinds = ["GatewayClass", "Gateway", "ListenerSet", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute",
                       "UDPRoute", "ReferenceGrant", "BackendTLSPolicy", "Service", "Secret", "Namespace"]
        const seen = {}
        for (const kind of kinds) {
            const c = String(Theme.kindColor(kind))
            verify(c !== String(Theme.unknownKind), kind + " falls back to the unknown colour")
            verify(seen[c] === undefined, kind + " shares its colour with " + seen[c])
            seen[c] = kind
        }
    }

    function test_unknownKindsAreGrey() {
        compare(String(Theme.kindColor("Deployment")), String(Theme.unknownKind))
    }
}
