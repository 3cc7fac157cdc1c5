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
    readonly property real readableFrom: 0.35
    readonly property bool readableZoom: zoom >= readableFrom
    // Below it, the overview: one painted layer (OverviewLayer) instead of a delegate per node
    // and edge; the background then selects, drags and opens menus through hit tests.
    readonly property bool overview: !readableZoom
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
        const z = Math.max(0.02, Math.min(1.25, Math.min((width - 48) / b.width, (height - 48) / b.height)))
        setView(z, (width - b.width * z) / 2 - b.x * z, (height - b.height * z) / 2 - b.y * z)
    }
    // Zoom and pan in one step: the viewport follows once, for the new view (not for the new
    // zoom at the old pan, which would make and drop delegates for an area never shown).
    property bool settingView: false
    function setView(z, x, y) {
        settingView = true
        zoom = z
        panX = x
        panY = y
        settingView = false
        followView()
    }
    function fitLater() { Qt.callLater(fit) }

    // Labels are laid out only while they are drawn (edge_list_model.h).
    Binding {
        target: root.document.edges
        property: "labelsShown"
        value: root.readableZoom
    }
    // Only what is near the view gets delegates (Document.viewport). The delegates' models are
    // attached once the viewport has followed the view and detached before it grows to an
    // overview's, so a jump between the overview and a close zoom never makes delegates for the
    // thousands of rows an overview's viewport holds.
    property bool detailed: false
    function followView() {
        if (settingView)
            return
        const readable = zoom >= readableFrom  // not readableZoom: its binding may not have followed yet
        if (!readable)
            detailed = false
        document.viewport = Qt.rect(-panX / zoom, -panY / zoom, width / zoom, height / zoom)
        detailed = readable
    }
    onZoomChanged: followView()
    onPanXChanged: followView()
    onPanYChanged: followView()
    onDocumentChanged: followView()
    Component.onCompleted: followView()
    // The software renderer (offscreen, no GPU) does not clip Shapes: there, edges that would
    // cross the border of the canvas are left out rather than painted over the panels.
    readonly property bool clipsShapes: GraphicsInfo.api !== GraphicsInfo.Software

    onWidthChanged: {
        followView()
        if (autoFit)
            fitLater()
    }
    onHeightChanged: {
        followView()
        if (autoFit)
            fitLater()
    }
    Connections {
        target: root.document
        function onFilePathChanged() { root.autoFit = true; root.fitLater() }
        function onYamlTextChanged() { if (root.autoFit) root.fitLater() }
    }

    function zoomAt(x, y, factor) {
        const next = Math.max(0.02, Math.min(3, zoom * factor))
        const w = toWorld(x, y)
        setView(next, x - w.x * next, y - w.y * next)
    }

    // The colours the painted layers (the overview, the minimap) use.
    readonly property var overviewColors: ({
        canvas: Theme.canvas, node: Theme.node, border: Theme.border, selection: Theme.selection,
        error: Theme.error, warning: Theme.warning, edge: Theme.edge, text: Theme.text,
        groupFill: Theme.groupFill, groupBorder: Theme.border, accent: Theme.accent,
        tlsTerminate: Theme.tlsTerminate, tlsPassthrough: Theme.tlsPassthrough, tlsReencrypt: Theme.tlsReencrypt,
        "kind:GatewayClass": Theme.kindColor("GatewayClass"), "kind:Gateway": Theme.kindColor("Gateway"),
        "kind:ListenerSet": Theme.kindColor("ListenerSet"), "kind:HTTPRoute": Theme.kindColor("HTTPRoute"),
        "kind:GRPCRoute": Theme.kindColor("GRPCRoute"), "kind:TLSRoute": Theme.kindColor("TLSRoute"),
        "kind:TCPRoute": Theme.kindColor("TCPRoute"), "kind:UDPRoute": Theme.kindColor("UDPRoute"),
        "kind:ReferenceGrant": Theme.kindColor("ReferenceGrant"), "kind:BackendTLSPolicy": Theme.kindColor("BackendTLSPolicy"),
        "kind:Service": Theme.kindColor("Service"), "kind:Secret": Theme.kindColor("Secret"),
        "kind:Namespace": Theme.kindColor("Namespace"), "kind:Routes": Theme.kindColor("Routes")
    })

    // The node under a point of this item ("" for none).
    function nodeAt(x, y) {
        const w = toWorld(x, y)
        return document.hitTest(w.x, w.y).nodeId
    }

    // Right-click: what can be done with the whole graph, at a point of this item.
    function openCanvasMenu(at) { canvasMenu.popup(root, at.x, at.y) }
    // ... and with a node: focus, collapse into a group (or expand one), unpin.
    function openNodeMenu(nodeId, at, pinned, group) {
        nodeMenu.nodeId = nodeId
        nodeMenu.choices = group ? [] : document.canvas.collapseChoices(nodeId)
        nodeMenu.pinned = pinned
        nodeMenu.group = group
        nodeMenu.popup(root, at.x, at.y)
    }
    function focusOn(nodeId) {
        document.filter.focus = nodeId
        fitMatches()
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

    OverviewLayer {
        id: overviewLayer
        objectName: "overviewLayer"
        anchors.fill: parent
        visible: root.overview
        document: root.document
        zoom: root.zoom
        panX: root.panX
        panY: root.panY
        colors: root.overviewColors
    }

    // The background: drag to pan, click to clear the selection. In the overview (no delegates)
    // it also stands in for the nodes: press on one selects it, drag moves it, right-click
    // opens its menu, double-click expands a collapsed group.
    MouseArea {
        id: background
        objectName: "canvasBackground"
        property point last
        property string dragNode: ""   // the overview's node being dragged
        property point dragFrom        // its position when pressed (world)
        property point pressWorld
        anchors.fill: parent
        acceptedButtons: Qt.LeftButton | Qt.RightButton
        cursorShape: pressed ? Qt.ClosedHandCursor : Qt.ArrowCursor
        onPressed: mouse => {
            last = Qt.point(mouse.x, mouse.y)
            root.forceActiveFocus()
            dragNode = ""
            const hit = root.overview ? root.nodeAt(mouse.x, mouse.y) : ""
            if (mouse.button === Qt.RightButton) {
                if (hit === "") {
                    root.openCanvasMenu(Qt.point(mouse.x, mouse.y))
                    return
                }
                if (root.document.selection.ids.indexOf(hit) < 0)
                    root.document.selection.current = hit
                root.openNodeMenu(hit, Qt.point(mouse.x, mouse.y), root.document.canvas.isPinned(hit), hit.startsWith("collapsed/"))
                return
            }
            if (hit !== "") {
                const g = root.document.nodeGeometry(hit)
                dragNode = hit
                dragFrom = Qt.point(g.x, g.y)
                pressWorld = root.toWorld(mouse.x, mouse.y)
                root.document.selection.current = hit
            }
        }
        onPositionChanged: mouse => {
            if (dragNode !== "") {
                const w = root.toWorld(mouse.x, mouse.y)
                root.document.moveNode(dragNode, dragFrom.x + w.x - pressWorld.x, dragFrom.y + w.y - pressWorld.y, false, 0, 0)
                return
            }
            root.autoFit = false
            root.panX += mouse.x - last.x
            root.panY += mouse.y - last.y
            last = Qt.point(mouse.x, mouse.y)
        }
        onReleased: mouse => {
            if (dragNode === "")
                return
            const w = root.toWorld(mouse.x, mouse.y)
            root.document.moveNode(dragNode, Math.round(dragFrom.x + w.x - pressWorld.x), Math.round(dragFrom.y + w.y - pressWorld.y),
                                   true, dragFrom.x, dragFrom.y)
        }
        onClicked: mouse => {
            if (mouse.button === Qt.LeftButton && dragNode === "")
                root.document.selection.current = ""
        }
        onDoubleClicked: mouse => {
            const hit = root.overview ? root.nodeAt(mouse.x, mouse.y) : ""
            if (hit.startsWith("collapsed/"))
                root.document.canvas.expand(hit)
        }
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
            model: root.detailed ? root.document.groups : null
            delegate: NamespaceGroup {}
        }
        Repeater {
            model: root.detailed ? root.document.visibleEdges : null
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
            model: root.detailed ? root.document.visibleEdges : null
            delegate: EdgeLabel {
                document: root.document
                canvas: root
            }
        }
        Repeater {
            id: nodeRepeater
            objectName: "nodeRepeater"
            model: root.detailed ? root.document.visibleNodes : null
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

    // Zoomed out (the overview), each namespace is named in view pixels over its box, with its
    // size and its problems: crisp at any zoom, where the box's own label would be a few pixels.
    Item {
        objectName: "overviewLabels"
        anchors.fill: parent
        visible: !root.readableZoom
        Repeater {
            model: root.readableZoom ? null : root.document.groups
            delegate: Rectangle {
                id: band
                required property string name
                required property real boxX
                required property real boxY
                required property real boxWidth
                required property int objects
                required property int problems
                required property real rate
                objectName: "overviewLabel:" + name
                x: boxX * root.zoom + root.panX + 3
                y: boxY * root.zoom + root.panY + 3
                // As wide as the box, and never narrower than a name and its size: a small
                // namespace's label reaches past its box rather than say nothing.
                width: Math.min(label.implicitWidth + 10, Math.max(boxWidth * root.zoom - 6, 240))
                height: label.implicitHeight + 4
                radius: 3
                color: Qt.rgba(Theme.panel.r, Theme.panel.g, Theme.panel.b, 0.9)
                border.color: band.problems > 0 ? Theme.error : Theme.border
                Text {
                    id: label
                    property bool mayElide: true   // the whole name is in the box's tooltip-free label when zoomed in
                    x: 5
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width - 10
                    elide: Text.ElideRight
                    // What matters most first, as a narrow label elides the end.
                    text: band.name
                          + (band.rate > 0 ? "  ·  " + qsTr("%1 req/s").arg(band.rate.toFixed(band.rate >= 100 ? 0 : 1)) : "")
                          + (band.problems > 0 ? "  ·  " + qsTr("%1 with problems").arg(band.problems) : "")
                          + "  ·  " + qsTr("%1 objects").arg(band.objects)
                    color: band.problems > 0 ? Theme.error : Theme.text
                    font.pixelSize: Theme.fontSize
                    font.bold: true
                }
            }
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

    // Focus mode: what it shows, and the way out.
    Rectangle {
        objectName: "focusBar"
        visible: root.document.filter.focus !== ""
        anchors.horizontalCenter: parent.horizontalCenter
        y: 10
        width: Math.min(focusRow.implicitWidth + 20, root.width - 20)
        height: focusRow.implicitHeight + 10
        radius: 6
        color: Theme.panel
        border.color: Theme.accent
        Row {
            id: focusRow
            anchors.centerIn: parent
            spacing: 10
            Text {
                anchors.verticalCenter: parent.verticalCenter
                width: Math.min(implicitWidth, root.width - 150)
                elide: Text.ElideMiddle
                color: Theme.text
                font.pixelSize: Theme.fontSize
                text: qsTr("Focus: %1 and its paths (%2 objects)").arg(root.document.filter.focus).arg(root.document.filter.matchCount)
            }
            Button {
                objectName: "focusClear"
                text: qsTr("Show all")
                onClicked: {
                    root.document.filter.focus = ""
                    root.fit()
                }
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Leave focus mode (Escape)")
            }
        }
    }

    Menu {
        id: nodeMenu
        objectName: "nodeMenu"
        property string nodeId: ""
        property var choices: []
        property bool pinned: false
        property bool group: false
        MenuItem {
            objectName: "menuFocus"
            text: qsTr("Focus on its paths")
            onTriggered: root.focusOn(nodeMenu.nodeId)
        }
        MenuItem {
            objectName: "menuExpand"
            text: qsTr("Expand")
            enabled: nodeMenu.group
            onTriggered: root.document.canvas.expand(nodeMenu.nodeId)
        }
        Instantiator {
            model: nodeMenu.choices
            delegate: MenuItem {
                required property var modelData
                required property int index
                objectName: "menuCollapse:" + index
                text: modelData.label
                onTriggered: root.document.canvas.collapse(modelData.key)
            }
            onObjectAdded: (index, object) => nodeMenu.insertItem(2 + index, object)
            onObjectRemoved: (index, object) => nodeMenu.removeItem(object)
        }
        MenuItem {
            objectName: "menuUnpin"
            text: qsTr("Unpin (the layout may move it)")
            enabled: nodeMenu.pinned
            onTriggered: root.document.canvas.unpin([nodeMenu.nodeId])
        }
    }
    Menu {
        id: canvasMenu
        objectName: "canvasMenu"
        MenuItem {
            objectName: "menuLayout"
            text: qsTr("Layout")
            enabled: !root.document.canvas.layingOut
            onTriggered: root.document.canvas.autoLayout()
        }
        MenuItem {
            objectName: "menuOverview"
            text: qsTr("Collapse every namespace (overview)")
            onTriggered: {
                root.document.canvas.collapseNamespaces()
                root.fitLater()
            }
        }
        MenuItem {
            objectName: "menuExpandAll"
            text: qsTr("Expand every group (%1)").arg(root.document.canvas.collapsedCount)
            enabled: root.document.canvas.collapsedCount > 0
            onTriggered: {
                root.document.canvas.expandAll()
                root.fitLater()
            }
        }
        MenuItem {
            objectName: "menuUnpinAll"
            text: qsTr("Unpin all (%1)").arg(root.document.canvas.pinnedCount)
            enabled: root.document.canvas.pinnedCount > 0
            onTriggered: root.document.canvas.unpinAll()
        }
        MenuSeparator {}
        MenuItem {
            objectName: "menuFit"
            text: qsTr("Fit\tCtrl+0")
            onTriggered: root.fit()
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
