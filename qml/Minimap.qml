import QtQuick
import GatewayStudio.Editor

// The whole graph in small, with the visible part framed; click or drag to look elsewhere.
Rectangle {
    id: root

    required property Document document
    required property Item canvas

    readonly property rect bounds: document.bounds
    readonly property real scaleFactor: bounds.width > 0
        ? Math.min((width - 12) / bounds.width, (height - 12) / bounds.height) : 1

    // Shown only when part of the graph is out of view.
    readonly property point viewTopLeft: canvas.toWorld(0, 0)
    readonly property point viewBottomRight: canvas.toWorld(canvas.width, canvas.height)
    visible: bounds.width > 0 && (bounds.x < viewTopLeft.x || bounds.y < viewTopLeft.y
             || bounds.x + bounds.width > viewBottomRight.x || bounds.y + bounds.height > viewBottomRight.y)
    objectName: "minimap"

    width: 150
    height: 96
    clip: true
    radius: 6
    color: Theme.panel
    opacity: 0.92
    border.color: Theme.border

    function worldX(x) { return (x - 6) / scaleFactor + bounds.x }
    function worldY(y) { return (y - 6) / scaleFactor + bounds.y }

    Repeater {
        model: root.document.nodes
        delegate: Rectangle {
            required property string kind
            required property real nodeX
            required property real nodeY
            required property real nodeWidth
            required property real nodeHeight
            x: 6 + (nodeX - root.bounds.x) * root.scaleFactor
            y: 6 + (nodeY - root.bounds.y) * root.scaleFactor
            width: Math.max(2, nodeWidth * root.scaleFactor)
            height: Math.max(2, nodeHeight * root.scaleFactor)
            radius: 1
            color: Theme.kindColor(kind)
        }
    }
    // The part of the world the canvas shows.
    Rectangle {
        readonly property point topLeft: root.canvas.toWorld(0, 0)
        x: 6 + (topLeft.x - root.bounds.x) * root.scaleFactor
        y: 6 + (topLeft.y - root.bounds.y) * root.scaleFactor
        width: root.canvas.width / root.canvas.zoom * root.scaleFactor
        height: root.canvas.height / root.canvas.zoom * root.scaleFactor
        color: "transparent"
        border.color: Theme.accent
        border.width: 1.5
    }
    MouseArea {
        anchors.fill: parent
        function lookAt(mx, my) {
            root.canvas.panX = root.canvas.width / 2 - root.worldX(mx) * root.canvas.zoom
            root.canvas.panY = root.canvas.height / 2 - root.worldY(my) * root.canvas.zoom
        }
        onPressed: mouse => lookAt(mouse.x, mouse.y)
        onPositionChanged: mouse => lookAt(mouse.x, mouse.y)
    }
}
