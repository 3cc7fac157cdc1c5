import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// An edge's labels, drawn above the canvas's traffic particles: the TLS badge of an encrypted
// edge and the chip (a backendRef's weight, or live traffic: rate, shares and latency), each
// where the model placed it so that no label covers another, a node or a handle
// (label_layout.h): on the curve, beside it, or off it with a leader line. Click a weight chip to
// change the weight. Left out below readable zoom.
Item {
    id: root

    required property string edgeId
    required property string kind
    required property string label
    required property bool matched
    required property string health
    required property int weight
    required property real x1
    required property real y1
    required property real x2
    required property real y2
    required property string trafficText
    required property string tls
    required property real chipX
    required property real chipY
    required property bool chipLeader
    required property real chipAnchorX
    required property real chipAnchorY
    required property real badgeX
    required property real badgeY
    required property Document document
    required property Item canvas   // the GraphCanvas (typed Item: it contains this file)

    readonly property color lineColor: Theme.edgeColor(kind, health, tls, canvas.traceIds.indexOf(edgeId) >= 0)
    readonly property string chipText: trafficText !== "" ? trafficText : label

    objectName: "label:" + edgeId
    visible: canvas.readableZoom && (chipText !== "" || tls !== "")
    opacity: matched ? 1 : 0.15

    // Created only while shown: zoomed out, thousands of hidden chips would still be walked by
    // the renderer every frame.
    Loader {
        active: root.visible
        sourceComponent: Item {
            // Encrypted edges carry a small badge a quarter of the way: what kind of TLS travels here.
            Rectangle {
                visible: root.tls !== ""
                objectName: "tls:" + root.edgeId
                x: root.badgeX - width / 2
                y: root.badgeY - height / 2
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

            // The leader line of a chip moved off its curve: from the curve to the chip's nearest side.
            Rectangle {
                objectName: "leader:" + root.edgeId
                visible: root.chipLeader && chip.visible
                readonly property real endX: Math.max(chip.x, Math.min(root.chipAnchorX, chip.x + chip.width))
                readonly property real endY: Math.max(chip.y, Math.min(root.chipAnchorY, chip.y + chip.height))
                x: root.chipAnchorX
                y: root.chipAnchorY
                width: Math.hypot(endX - root.chipAnchorX, endY - root.chipAnchorY)
                height: 1
                transformOrigin: Item.Left
                rotation: Math.atan2(endY - root.chipAnchorY, endX - root.chipAnchorX) * 180 / Math.PI
                color: root.lineColor
            }
            Rectangle {
                id: chip
                objectName: "weight:" + root.edgeId
                visible: root.chipText !== ""
                x: root.chipX - width / 2
                y: root.chipY - height / 2
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
                // A backendRef's weight opens the weight popup; a mirror's chip only says what it is.
                readonly property bool editable: root.kind === "backendRef" && root.label !== ""
                TapHandler { enabled: chip.editable; onTapped: weightPopup.open() }
                HoverHandler { id: chipHover; cursorShape: chip.editable ? Qt.PointingHandCursor : Qt.ArrowCursor }
                ToolTip.visible: chipHover.hovered
                // Not at once: zoomed out, the tip covers its small chip and would take the click.
                ToolTip.delay: 600
                ToolTip.text: root.kind === "requestMirror"
                              ? qsTr("RequestMirror: a copy of each request goes here; its answers are dropped")
                              : chip.editable ? qsTr("Weight %1: click to change").arg(root.weight)
                                              : qsTr("Live: requests per second and p99 latency")

                WeightPopup {
                    id: weightPopup
                    y: chip.height + 4
                    weight: root.weight
                    onAccepted: value => root.document.edits.setBackendWeight(root.edgeId, value)
                }
            }
        }
    }
}
