import QtQuick
import GatewayStudio.Editor

// The whole graph in small, with the visible part framed; click or drag to look elsewhere. It sits
// in a corner of the canvas that does not hide the selected node (bottom right when it can), and
// can be put away.
Rectangle {
    id: root

    required property Document document
    required property Item canvas   // the GraphCanvas (typed Item: it contains this file)
    property bool hidden: false

    // The selected node in view coordinates (empty when none).
    readonly property rect selectedBox: {
        canvas.zoom; canvas.panX; canvas.panY; document.bounds   // follow the view and the layout
        const g = document.selection.current !== "" ? document.nodeGeometry(document.selection.current) : null
        if (!g || g.width === undefined)
            return Qt.rect(0, 0, 0, 0)
        const p = canvas.toView(g.x, g.y)
        return Qt.rect(p.x, p.y, g.width * canvas.zoom, g.height * canvas.zoom)
    }
    // 0 bottom right, 1 bottom left, 2 top right, 3 top left: the first that keeps clear of the selection.
    readonly property int corner: {
        for (let c = 0; c < 4; ++c)
            if (!overlapsSelection(c))
                return c
        return 0
    }
    function cornerX(c) { return c % 2 === 0 ? canvas.width - width - 10 : 10 }
    function cornerY(c) { return c < 2 ? canvas.height - height - 10 : 10 }
    function overlapsSelection(c) {
        const s = selectedBox
        if (s.width <= 0)
            return false
        const x = cornerX(c), y = cornerY(c)
        return s.x < x + width + 8 && x < s.x + s.width + 8 && s.y < y + height + 8 && y < s.y + s.height + 8
    }

    x: cornerX(corner)
    y: cornerY(corner)

    readonly property rect bounds: document.bounds
    readonly property real scaleFactor: bounds.width > 0
        ? Math.min((width - 12) / bounds.width, (height - 12) / bounds.height) : 1

    // Shown only when part of the graph is out of view.
    readonly property point viewTopLeft: canvas.toWorld(0, 0)
    readonly property point viewBottomRight: canvas.toWorld(canvas.width, canvas.height)
    visible: !hidden && bounds.width > 0 && (bounds.x < viewTopLeft.x || bounds.y < viewTopLeft.y
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

    // Every node as a block of its kind's colour, painted by one item (not one item per node).
    OverviewLayer {
        anchors.fill: parent
        nodesOnly: true
        document: root.document
        zoom: root.scaleFactor
        panX: 6 - root.bounds.x * root.scaleFactor
        panY: 6 - root.bounds.y * root.scaleFactor
        colors: root.canvas.overviewColors
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
        onPositionChanged: mouse => { if (pressed) lookAt(mouse.x, mouse.y) }
    }
    // Put away (the canvas then shows a button to bring it back).
    Rectangle {
        objectName: "minimapHide"
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 3
        width: 16
        height: 16
        radius: 8
        color: Theme.panelAlt
        border.color: Theme.border
        Text { anchors.centerIn: parent; text: "×"; color: Theme.textMuted; font.pixelSize: 12 }
        MouseArea {   // takes the press itself: the map under it would pan the view
            anchors.fill: parent
            onClicked: root.hidden = true
        }
    }
}
