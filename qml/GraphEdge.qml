import QtQuick
import QtQuick.Controls
import QtQuick.Shapes
import GatewayStudio.Editor

// A reference drawn as a curve from left to right. Its kind sets the colour and dash (parentRefs
// and backendRefs solid, certificateRefs dashed, ReferenceGrants dotted); a problem turns it red.
// A weighted backendRef carries its weight and share; click the label to change the weight.
Item {
    id: root

    required property string edgeId
    required property string kind
    required property string fromId
    required property string toId
    required property string port
    required property string label
    required property bool matched
    required property string health
    required property int weight
    required property real x1
    required property real y1
    required property real x2
    required property real y2
    // Live traffic (LiveGateway): rate per second, 5xx share, the label with shares and latency.
    required property real rate
    required property real errorShare
    required property string trafficText
    // "", "terminate", "passthrough" or "reencrypt": where this edge's traffic is encrypted.
    required property string tls
    required property Document document
    required property Item canvas

    readonly property bool traced: canvas.traceIds.indexOf(edgeId) >= 0
    readonly property color lineColor: traced ? Theme.trace : health === "error" ? Theme.error
        : tls === "passthrough" ? Theme.tlsPassthrough
        : tls === "terminate" ? Theme.tlsTerminate
        : tls === "reencrypt" ? Theme.tlsReencrypt
        : kind === "certificateRef" ? Theme.kindColor("Secret")
        : kind === "referenceGrant" ? Theme.kindColor("ReferenceGrant")
        : kind === "gatewayClassName" ? Theme.kindColor("GatewayClass")
        : kind === "policyTarget" ? Theme.kindColor("BackendTLSPolicy")
        : Theme.edge
    readonly property real bend: Math.max(40, Math.abs(x2 - x1) / 2)
    readonly property string chipText: trafficText !== "" ? trafficText : label
    // Particles: denser with the rate (one per ~40 px at 1/s, one per ~8 px at 100/s and more),
    // red when more than 5% of the requests fail.
    readonly property real particleGap: Math.max(1.2, Math.min(9, 9 / Math.sqrt(Math.max(rate, 0.01))))
    readonly property color particleColor: errorShare > 0.05 ? Theme.error : Theme.traffic

    objectName: "edge:" + edgeId
    visible: canvas.clipsShapes || insideCanvas
    opacity: matched ? 1 : 0.15

    // Whether the whole curve (its control points included) lies inside the canvas.
    readonly property bool insideCanvas: {
        const left = Math.min(x1, x2 - bend), right = Math.max(x2, x1 + bend)
        const a = canvas.toView(left, Math.min(y1, y2)), b = canvas.toView(right, Math.max(y1, y2))
        return a.x >= 0 && a.y >= 0 && b.x <= canvas.width && b.y <= canvas.height
    }

    Shape {
        ShapePath {
            strokeWidth: root.traced ? 3.5 : root.tls !== "" ? 3 : root.kind === "backendRef" ? 2 : 1.6
            strokeColor: root.lineColor
            strokeStyle: root.kind === "certificateRef" || root.kind === "referenceGrant" || root.kind === "policyTarget"
                         || root.health === "error"
                         ? ShapePath.DashLine : ShapePath.SolidLine
            dashPattern: root.kind === "referenceGrant" ? [1, 3] : [5, 4]
            fillColor: "transparent"
            startX: root.x1
            startY: root.y1
            PathCubic {
                x: root.x2
                y: root.y2
                control1X: root.x1 + root.bend
                control1Y: root.y1
                control2X: root.x2 - root.bend
                control2Y: root.y2
            }
        }
        // Traffic: round dots along the same curve, moved by the canvas's phase.
        ShapePath {
            strokeWidth: root.rate > 0 ? 4.5 : 0
            strokeColor: root.rate > 0 ? root.particleColor : "transparent"
            strokeStyle: ShapePath.DashLine
            capStyle: ShapePath.RoundCap
            dashPattern: [0.01, root.particleGap]
            dashOffset: root.rate > 0 ? -root.canvas.trafficPhase : 0
            fillColor: "transparent"
            startX: root.x1
            startY: root.y1
            PathCubic {
                x: root.x2
                y: root.y2
                control1X: root.x1 + root.bend
                control1Y: root.y1
                control2X: root.x2 - root.bend
                control2Y: root.y2
            }
        }
        // The arrow head at the target.
        ShapePath {
            strokeWidth: 0
            strokeColor: "transparent"
            fillColor: root.lineColor
            startX: root.x2
            startY: root.y2
            PathLine { x: root.x2 - 8; y: root.y2 - 4.5 }
            PathLine { x: root.x2 - 8; y: root.y2 + 4.5 }
            PathLine { x: root.x2; y: root.y2 }
        }
    }

    // Encrypted edges carry a small badge a quarter of the way: what kind of TLS travels here.
    Rectangle {
        visible: root.tls !== ""
        objectName: "tls:" + root.edgeId
        x: root.x1 + (root.x2 - root.x1) * 0.25 - width / 2
        y: root.y1 + (root.y2 - root.y1) * 0.25 - height / 2
        width: tlsText.implicitWidth + 8
        height: 14
        radius: 3
        color: root.lineColor
        Text {
            id: tlsText
            anchors.centerIn: parent
            text: root.tls === "passthrough" ? "TLS ⇢" : root.tls === "reencrypt" ? "re-TLS" : "TLS"
            color: "white"
            font.pixelSize: 9
            font.bold: true
        }
        HoverHandler { id: tlsHover }
        ToolTip.visible: tlsHover.hovered
        ToolTip.text: root.tls === "passthrough" ? qsTr("Encrypted end to end: the gateway routes by SNI and never decrypts")
                    : root.tls === "reencrypt" ? qsTr("The gateway opens a new TLS connection to the backend (BackendTLSPolicy)")
                    : qsTr("Encrypted from the client to the gateway, which terminates TLS")
    }

    Rectangle {
        id: chip
        objectName: "weight:" + root.edgeId
        visible: root.chipText !== ""
        // The curve's midpoint.
        x: (root.x1 + root.x2) / 2 - width / 2
        y: (root.y1 + root.y2) / 2 - height / 2
        width: labelText.implicitWidth + 12
        height: 18
        radius: 9
        color: Theme.panel
        border.color: root.lineColor
        Text {
            id: labelText
            anchors.centerIn: parent
            text: root.chipText
            color: Theme.text
            font.pixelSize: Theme.smallFontSize
            font.bold: true
        }
        TapHandler { enabled: root.label !== ""; onTapped: weightPopup.open() }
        HoverHandler { id: chipHover; cursorShape: Qt.PointingHandCursor }
        ToolTip.visible: chipHover.hovered
        ToolTip.text: root.label !== "" ? qsTr("Weight %1: click to change").arg(root.weight)
                                        : qsTr("Live: requests per second and p99 latency")

        WeightPopup {
            id: weightPopup
            y: chip.height + 4
            weight: root.weight
            onAccepted: value => root.document.setBackendWeight(root.edgeId, value)
        }
    }
}
