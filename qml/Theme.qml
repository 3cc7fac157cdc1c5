pragma Singleton
import QtQuick

// The visual language of Gateway Studio: one colour per kind, one per status, one per TLS mode,
// and the surfaces of the light and dark themes. Infra kinds are blues, route kinds greens and
// teals, backends and secrets warm; status colours follow the usual traffic-light reading. Views
// take every colour and size from here.
QtObject {
    property bool dark: false

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
        "Namespace": "#757575",
        "Routes": "#43a047"
    })
    // Two-letter badges drawn on each node's kind chip.
    readonly property var kindBadges: ({
        "GatewayClass": "GC", "Gateway": "GW", "ListenerSet": "LS", "HTTPRoute": "HR", "GRPCRoute": "GR",
        "TLSRoute": "TR", "TCPRoute": "TC", "UDPRoute": "UR", "ReferenceGrant": "RG",
        "BackendTLSPolicy": "BT", "Service": "SV", "Secret": "SE", "Namespace": "NS", "Routes": "R*"
    })
    readonly property color unknownKind: "#9e9e9e"

    readonly property color ok: "#2e7d32"
    readonly property color warning: "#f9a825"
    readonly property color error: "#c62828"
    readonly property color pending: "#78909c"

    readonly property color tlsTerminate: "#1565c0"
    readonly property color tlsPassthrough: "#6a1b9a"
    readonly property color tlsReencrypt: "#00838f"
    // Live traffic particles and the observed share bars.
    readonly property color traffic: dark ? "#4fc3f7" : "#0288d1"
    readonly property color canary: "#fb8c00"
    readonly property color trace: "#ff6f00"     // the request tracer's path

    // Surfaces
    readonly property color window: dark ? "#1b1e23" : "#eef1f5"
    readonly property color canvas: dark ? "#15171b" : "#f7f9fb"
    readonly property color grid: dark ? "#23262c" : "#e6eaef"
    readonly property color panel: dark ? "#22262c" : "#ffffff"
    readonly property color panelAlt: dark ? "#2a2f36" : "#f3f5f8"
    readonly property color node: dark ? "#2a2f37" : "#ffffff"
    readonly property color border: dark ? "#3a404a" : "#d5dbe3"
    readonly property color text: dark ? "#e6e9ee" : "#1f2933"
    readonly property color textMuted: dark ? "#9aa5b1" : "#616e7c"
    readonly property color accent: "#1e88e5"
    readonly property color selection: dark ? "#64b5f6" : "#1565c0"
    readonly property color groupFill: dark ? "#1d2025" : "#eef2f7"
    readonly property color edge: dark ? "#7b8794" : "#8795a8"

    readonly property int fontSize: 12
    readonly property int smallFontSize: 10
    readonly property string monoFont: "DejaVu Sans Mono"

    // An edge's colour: traced, failing, its TLS mode, else its kind (GraphEdge, EdgeLabel).
    function edgeColor(kind, health, tls, traced) {
        return traced ? trace : health === "error" ? error
            : tls === "passthrough" ? tlsPassthrough
            : tls === "terminate" ? tlsTerminate
            : tls === "reencrypt" ? tlsReencrypt
            : kind === "certificateRef" ? kindColor("Secret")
            : kind === "referenceGrant" ? kindColor("ReferenceGrant")
            : kind === "gatewayClassName" ? kindColor("GatewayClass")
            : kind === "policyTarget" ? kindColor("BackendTLSPolicy")
            : edge
    }
    function kindColor(kind) {
        return kindColors[kind] !== undefined ? kindColors[kind] : unknownKind
    }
    function kindBadge(kind) {
        return kindBadges[kind] !== undefined ? kindBadges[kind] : "?"
    }
    function healthColor(health) {
        switch (health) {
        case "ok": return ok
        case "error": return error
        case "warning": return warning
        case "pending": return pending
        default: return textMuted
        }
    }
    // "1 error", "3 errors".
    function count(n, one, many) {
        return n + " " + (n === 1 ? one : many)
    }
    function tlsColor(mode) {
        return mode === "Passthrough" ? tlsPassthrough : tlsTerminate
    }
}
