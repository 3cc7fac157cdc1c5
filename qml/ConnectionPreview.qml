import QtQuick
import QtQuick.Shapes

// The curve that follows the pointer while a route is being connected: green over a legal
// target, red over a refused one, dashed grey elsewhere.
Shape {
    id: root

    property point start
    property point end
    property bool legal: false
    property bool refused: false

    ShapePath {
        strokeWidth: 2.5
        strokeColor: root.legal ? Theme.ok : root.refused ? Theme.error : Theme.edge
        strokeStyle: root.legal || root.refused ? ShapePath.SolidLine : ShapePath.DashLine
        fillColor: "transparent"
        startX: root.start.x
        startY: root.start.y
        PathCubic {
            x: root.end.x
            y: root.end.y
            control1X: root.start.x + Math.abs(root.end.x - root.start.x) / 2
            control1Y: root.start.y
            control2X: root.end.x - Math.abs(root.end.x - root.start.x) / 2
            control2Y: root.end.y
        }
    }
}
