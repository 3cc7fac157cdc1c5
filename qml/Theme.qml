pragma Singleton
import QtQuick

// The visual language of Gateway Studio: one colour per kind, one per status, one per TLS mode.
// Infra kinds are blues, route kinds greens and teals, backends and secrets warm; status colours
// follow the usual traffic-light reading. Views take every colour from here.
QtObject {
    readonly property var kindColors: ({
        "GatewayClass": "#3949ab",
        "Gateway": "#1e88e5",
        "ListenerSet": "#039be5",
        "HTTPRoute": "#43a047",
        "GRPCRoute": "#00897b",
        "TLSRoute": "#7cb342",
        "TCPRoute": "#558b2f",
        "UDPRoute": "#9e9d24",
        "ReferenceGrant": "#8e24aa",
        "BackendTLSPolicy": "#d81b60",
        "Service": "#f4511e",
        "Secret": "#6d4c41",
        "Namespace": "#757575"
    })
    readonly property color unknownKind: "#9e9e9e"

    readonly property color ok: "#2e7d32"
    readonly property color warning: "#f9a825"
    readonly property color error: "#c62828"
    readonly property color pending: "#78909c"

    readonly property color tlsTerminate: "#1565c0"
    readonly property color tlsPassthrough: "#6a1b9a"
    readonly property color tlsReencrypt: "#00838f"

    function kindColor(kind) {
        return kindColors[kind] !== undefined ? kindColors[kind] : unknownKind
    }
}
