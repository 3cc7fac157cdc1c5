import QtQuick
import QtQuick.Shapes

// A reference drawn as a curve from left to right. Its kind sets the colour and dash (parentRefs
// and backendRefs solid, certificateRefs dashed, ReferenceGrants dotted, RequestMirror copies
// finely dashed); a problem turns it red.
// Its labels are an EdgeLabel, its live traffic the canvas's TrafficParticles, both drawn above
// it. The curve's geometry is shared with both: keep them in step (traffic_particles.h).
Item {
    id: root

    required property string edgeId
    required property string kind
    required property string fromId
    required property string toId
    required property string port
    required property bool matched
    required property string health
    required property real x1
    required property real y1
    required property real x2
    required property real y2
    // "", "terminate", "passthrough" or "reencrypt": where this edge's traffic is encrypted.
    required property string tls
    required property Item canvas   // the GraphCanvas (typed Item: it contains this file)

    readonly property bool traced: canvas.traceIds.indexOf(edgeId) >= 0
    readonly property color lineColor: Theme.edgeColor(kind, health, tls, traced)
    readonly property real bend: Math.max(40, Math.abs(x2 - x1) / 2)

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
            strokeWidth: root.traced ? 3.5 : root.tls !== "" ? 3 : root.kind === "backendRef" || root.kind === "requestMirror" ? 2 : 1.6
            strokeColor: root.lineColor
            strokeStyle: root.kind === "certificateRef" || root.kind === "referenceGrant" || root.kind === "policyTarget"
                         || root.kind === "requestMirror" || root.health === "error"
                         ? ShapePath.DashLine : ShapePath.SolidLine
            dashPattern: root.kind === "referenceGrant" ? [1, 3] : root.kind === "requestMirror" ? [2, 2] : [5, 4]
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
}
