import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// The graph canvas: namespaces as boxes, references as curves, objects as nodes. Drag the
// background to pan, the wheel to zoom, a node to move it, a route's handle to connect it to a
// listener or a Service. Coordinates of the model are "world" pixels; `world` maps them to the view.
Item {
    id: root

    required property Document document
    property real zoom: 1
    property real panX: 40
    property real panY: 40
    // A connection being dragged from a route: its start, the pointer, and what is under it.
    property string connectFrom: ""
    property point connectStart
    property point connectPoint
    property var connectTarget: ({})
    property string connectWhyNot: ""
    // Until the user pans or zooms, the view keeps the whole graph in sight.
    property bool autoFit: true
    // Live traffic: while `animateTraffic`, `trafficPhase` advances and the edges that carry
    // requests move their particles along (GraphEdge); idle traffic costs no frames.
    property var live: null    // the LiveGateway, when the window has one
    property bool animateTraffic: live !== null && live.running && live.trafficActive
    property real trafficPhase   // 0 at first; the animation below drives it
    // Below this zoom, text is a few pixels high: live labels are left out (see the layers below).
    readonly property bool readableZoom: zoom >= 0.35
    // What the request tracer highlights: node and edge ids.
    property var traceIds: []
    NumberAnimation on trafficPhase {
        running: root.animateTraffic
        from: 0
        to: 12000
        duration: 1000000   // 12 dash units (particles' diameters) a second
        loops: Animation.Infinite
    }

    clip: true
    objectName: "graphCanvas"
    // The canvas takes the keyboard when clicked (nodes and background): the window's shortcuts
    // (Del, Ctrl+Z, Ctrl+C) then act on the selection, never on a field left behind.
    activeFocusOnTab: true

    function toWorld(x, y) { return Qt.point((x - panX) / zoom, (y - panY) / zoom) }
    function toView(x, y) { return Qt.point(x * zoom + panX, y * zoom + panY) }

    function fit() { fitRect(document.bounds) }
    // Shows the matched nodes (all of them when nothing is filtered).
    function fitMatches() {
        autoFit = false
        fitRect(document.filter.matchedBounds())
    }
    function fitRect(b) {
        if (b.width <= 0 || width <= 0)
            return
        zoom = Math.max(0.2, Math.min(1.25, Math.min((width - 48) / b.width, (height - 48) / b.height)))
        panX = (width - b.width * zoom) / 2 - b.x * zoom
        panY = (height - b.height * zoom) / 2 - b.y * zoom
    }
    function fitLater() { Qt.callLater(fit) }

    // Labels are laid out only while they are drawn (edge_list_model.h).
    Binding {
        target: root.document.edges
        property: "labelsShown"
        value: root.readableZoom
    }
    // Only what is near the view gets delegates.
    Binding {
        target: root.document
        property: "viewport"
        value: Qt.rect(-root.panX / root.zoom, -root.panY / root.zoom, root.width / root.zoom, root.height / root.zoom)
    }
    // The software renderer (offscreen, no GPU) does not clip Shapes: there, edges that would
    // cross the border of the canvas are left out rather than painted over the panels.
    readonly property bool clipsShapes: GraphicsInfo.api !== GraphicsInfo.Software

    onWidthChanged: if (autoFit) fitLater()
    onHeightChanged: if (autoFit) fitLater()
    Connections {
        target: root.document
        function onFilePathChanged() { root.autoFit = true; root.fitLater() }
        function onYamlTextChanged() { if (root.autoFit) root.fitLater() }
    }

    function zoomAt(x, y, factor) {
        const next = Math.max(0.15, Math.min(3, zoom * factor))
        const w = toWorld(x, y)
        zoom = next
        panX = x - w.x * zoom
        panY = y - w.y * zoom
    }

    function createAtCenter(kind) {
        const p = toWorld(width / 2, height / 2)
        document.edits.createObject(kind, Math.round(p.x), Math.round(p.y))
    }
    function pasteAtCenter() {
        const p = toWorld(width / 2, height / 2)
        document.edits.paste(p.x, p.y)
    }

    function beginConnect(nodeId, start) {
        connectFrom = nodeId
        connectStart = start
        connectPoint = start
        connectTarget = {}
        connectWhyNot = ""
    }
    function moveConnect(scenePoint) {
        connectPoint = world.mapFromItem(null, scenePoint.x, scenePoint.y)
        const hit = document.hitTest(connectPoint.x, connectPoint.y)
        connectTarget = hit
        connectWhyNot = hit.nodeId !== "" && hit.nodeId !== connectFrom
                ? document.edits.whyNotConnect(connectFrom, hit.nodeId, hit.port) : ""
    }
    function finishConnect() {
        if (connectTarget.nodeId && connectTarget.nodeId !== connectFrom)
            document.edits.connectNodes(connectFrom, connectTarget.nodeId, connectTarget.port)
        connectFrom = ""
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.canvas
    }
    GridPattern {
        anchors.fill: parent
        spacing: 24 * root.zoom
        offsetX: root.panX
        offsetY: root.panY
    }

    // The background: drag to pan, click to clear the selection.
    MouseArea {
        id: background
        objectName: "canvasBackground"
        property point last
        anchors.fill: parent
        cursorShape: pressed ? Qt.ClosedHandCursor : Qt.ArrowCursor
        onPressed: mouse => {
            last = Qt.point(mouse.x, mouse.y)
            root.forceActiveFocus()
        }
        onPositionChanged: mouse => {
            root.autoFit = false
            root.panX += mouse.x - last.x
            root.panY += mouse.y - last.y
            last = Qt.point(mouse.x, mouse.y)
        }
        onClicked: root.document.selection.current = ""
    }
    WheelHandler {
        acceptedDevices: PointerDevice.Mouse | PointerDevice.TouchPad
        onWheel: event => {
            root.autoFit = false
            root.zoomAt(point.position.x, point.position.y, Math.pow(1.0015, event.angleDelta.y))
        }
    }

    // The world in two items with the same transform, the traffic particles (drawn in view
    // pixels, unscaled) between them: over the edges, under the edges' labels and the nodes.
    // (Caching the two as layers while traffic animates was tried: with Qt 6.4's software
    // renderer it crashed in the layer's pixmap drawing, so the canvas has no layers.)
    Item {
        id: edgeWorld
        x: root.panX
        y: root.panY
        scale: root.zoom
        transformOrigin: Item.TopLeft

        Repeater {
            model: root.document.groups
            delegate: NamespaceGroup {}
        }
        Repeater {
            model: root.document.visibleEdges
            delegate: GraphEdge {
                canvas: root
            }
        }
    }
    TrafficParticles {
        id: particles
        objectName: "trafficParticles"
        anchors.fill: parent
        visible: edgeCount > 0
        model: root.document.visibleEdges
        zoom: root.zoom
        panX: root.panX
        panY: root.panY
        phase: root.trafficPhase
        color: Theme.traffic
        errorColor: Theme.error
        onlyInside: !root.clipsShapes
    }
    Item {
        id: world
        objectName: "world"
        x: root.panX
        y: root.panY
        scale: root.zoom
        transformOrigin: Item.TopLeft

        Repeater {
            model: root.document.visibleEdges
            delegate: EdgeLabel {
                document: root.document
                canvas: root
            }
        }
        Repeater {
            id: nodeRepeater
            objectName: "nodeRepeater"
            model: root.document.visibleNodes
            delegate: GraphNode {
                document: root.document
                canvas: root
            }
        }
        ConnectionPreview {
            visible: root.connectFrom !== ""
            start: root.connectStart
            end: root.connectPoint
            legal: root.connectTarget.nodeId !== undefined && root.connectTarget.nodeId !== ""
                   && root.connectWhyNot === ""
            refused: root.connectWhyNot !== ""
        }
    }

    // What dropping here would do, or why it would not.
    Rectangle {
        visible: root.connectFrom !== "" && (root.connectWhyNot !== "" || (root.connectTarget.nodeId || "") !== "")
        readonly property point at: root.toView(root.connectPoint.x, root.connectPoint.y)
        x: Math.min(at.x + 16, root.width - width - 8)
        y: at.y + 16
        width: Math.min(hint.implicitWidth + 16, 360)
        height: hint.implicitHeight + 10
        radius: 4
        color: root.connectWhyNot !== "" ? Theme.error : Theme.ok
        Text {
            id: hint
            anchors.centerIn: parent
            width: parent.width - 16
            wrapMode: Text.Wrap
            color: "white"
            font.pixelSize: Theme.fontSize
            text: root.connectWhyNot !== "" ? root.connectWhyNot
                  : qsTr("Connect to %1%2").arg(root.connectTarget.nodeId || "")
                        .arg(root.connectTarget.port ? " / listener " + root.connectTarget.port : "")
        }
    }

    Minimap {
        id: minimap
        document: root.document
        canvas: root
    }
    ToolButton {
        objectName: "minimapShow"
        visible: minimap.hidden
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 10
        text: qsTr("Map")
        onClicked: minimap.hidden = false
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Show the minimap")
    }
}
