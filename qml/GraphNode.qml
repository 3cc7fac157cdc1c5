import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// One object on the canvas: a card with its kind's colour and badge, its name and one line of
// detail, a status dot, and (Gateways, ListenerSets) one row per listener drawn as a port.
// Click selects, drag moves (one undo step), a route's handle starts a connection.
Item {
    id: root

    required property int index
    required property string nodeId
    required property string kind
    required property string name
    required property string ns
    required property string subtitle
    required property string health
    required property string problem
    required property real nodeX
    required property real nodeY
    required property real nodeWidth
    required property real nodeHeight
    required property var ports
    required property bool missing
    required property bool editable
    required property bool matched
    required property string trafficText
    // What the connected cluster says (ClusterSession): agrees, differs, or a dry run's verdict.
    required property string clusterMark
    // What its echo pods do wrong on purpose (a Service's faults, from the workspace).
    required property string faults
    required property bool pinned
    // A collapsed group (a namespace, a Gateway's routes): how many objects it stands for.
    required property int memberCount
    required property Document document
    required property Item canvas   // the GraphCanvas (typed Item: it contains this file)

    readonly property bool selected: document.selection.ids.indexOf(nodeId) >= 0
    readonly property bool traced: canvas.traceIds.indexOf(nodeId) >= 0
    readonly property bool isRoute: kind.endsWith("Route")
    readonly property color kindColor: Theme.kindColor(kind)
    // Zoomed out below readable text, a card is a block of its kind's colour: its texts, ports and
    // handle are left out, so the software renderer has a few items per node to draw, not dozens.
    readonly property bool detailed: canvas.readableZoom
    property point dragStart

    objectName: "node:" + nodeId
    x: nodeX
    y: nodeY
    width: nodeWidth
    height: nodeHeight
    opacity: (missing ? 0.75 : 1) * (matched ? 1 : 0.18)

    // A collapsed group: two cards peeking out behind, a stack.
    Repeater {
        model: root.memberCount > 0 ? 2 : 0
        Rectangle {
            required property int index
            x: 6 * (2 - index)
            y: 6 * (2 - index)
            width: root.width
            height: root.height
            radius: 4
            color: Theme.node
            border.color: Theme.border
        }
    }

    Rectangle {
        id: card
        anchors.fill: parent
        radius: root.isRoute ? 14 : root.kind === "Service" ? 10 : 4
        color: root.detailed ? Theme.node : Qt.tint(Theme.node, Qt.rgba(root.kindColor.r, root.kindColor.g, root.kindColor.b, 0.45))
        border.color: root.traced ? Theme.trace : root.selected ? Theme.selection : root.health === "error" ? Theme.error : Theme.border
        border.width: root.traced ? 3 : root.selected ? 2.5 : root.health === "error" ? 1.5 : 1

        // The kind's colour along the top edge.
        Rectangle {
            x: card.radius / 2
            width: parent.width - card.radius
            height: 3
            color: root.kindColor
        }
    }

    NodeHeader {
        visible: root.detailed
        x: 10
        y: 9
        width: parent.width - 20
        kind: root.kind
        name: root.name
        subtitle: root.missing ? qsTr("not in the loaded files") : root.subtitle
        health: root.health
        editable: root.editable || root.missing || root.memberCount > 0
    }

    // The cluster's word on this object, on the card's top edge.
    Rectangle {
        visible: root.clusterMark !== ""
        objectName: "cluster:" + root.nodeId
        x: parent.width - width - 10
        y: -height + 3   // on the card's top edge, clear of the header's text
        width: clusterText.implicitWidth + 10
        height: clusterText.implicitHeight + 2
        radius: height / 2
        color: root.clusterMark === "agrees" || root.clusterMark === "unchanged" ? Theme.ok
             : root.clusterMark === "new" || root.clusterMark === "changed" ? Theme.accent
             : root.clusterMark === "skipped" || root.clusterMark === "only on cluster" ? Theme.textMuted : Theme.error
        Text {
            id: clusterText
            anchors.centerIn: parent
            color: "white"
            font.pixelSize: Theme.fontSize - 2
            text: root.clusterMark === "agrees" ? qsTr("⎈ as predicted")
                : root.clusterMark === "differs" ? qsTr("⎈ ≠ predicted")
                : "⎈ " + root.clusterMark
        }
        HoverHandler { id: clusterHover }
        ToolTip.visible: clusterHover.hovered
        ToolTip.text: root.clusterMark === "agrees" ? qsTr("The cluster's controller wrote the status Gateway Studio predicts")
                    : root.clusterMark === "differs" ? qsTr("The cluster's controller wrote another status: select the object to see the differences")
                    : root.clusterMark === "only on cluster"
                      ? qsTr("On the cluster, not in the files: server-side apply leaves it in place (kubectl delete removes it)")
                    : qsTr("Server dry run: %1").arg(root.clusterMark)
    }

    // Faults injected on purpose, on the card's top edge at the left (local only, never exported).
    Rectangle {
        visible: root.faults !== ""
        objectName: "faults:" + root.nodeId
        x: 10
        y: -height + 3
        width: Math.min(faultsText.implicitWidth + 10, parent.width - 20)
        height: faultsText.implicitHeight + 2
        radius: height / 2
        color: Theme.canary
        Text {
            id: faultsText
            property bool mayElide: true
            anchors.centerIn: parent
            width: Math.min(implicitWidth, parent.parent.width - 30)
            elide: Text.ElideRight
            color: "white"
            font.pixelSize: Theme.fontSize - 2
            text: "⚡ " + root.faults
        }
        HoverHandler { id: faultsHover }
        ToolTip.visible: faultsHover.hovered
        ToolTip.text: qsTr("Its echo pods misbehave on purpose: %1 (set in the inspector; local only, never exported)").arg(root.faults)
    }

    // Live traffic: the total and the rate, under the card.
    Rectangle {
        visible: root.trafficText !== ""
        objectName: "traffic:" + root.nodeId
        anchors.horizontalCenter: parent.horizontalCenter
        y: parent.height + 3
        width: root.detailed ? trafficLabel.implicitWidth + 10 : 24
        height: 16
        radius: 8
        color: Theme.traffic
        Text {
            id: trafficLabel
            anchors.centerIn: parent
            // Unreadable when not detailed; there, a text changing at 10 Hz would only cost repaints.
            text: root.detailed ? root.trafficText : ""
            color: "white"
            font.pixelSize: Theme.smallFontSize
            font.bold: true
        }
    }

    Repeater {
        model: root.ports
        delegate: ListenerPort {
            visible: root.detailed
            width: root.width
            nodeId: root.nodeId
            live: root.canvas.live
        }
    }

    // Placed by hand: a small diamond at the top-left corner (the automatic layout keeps it).
    Rectangle {
        visible: root.pinned
        objectName: "pin:" + root.nodeId
        x: -4
        y: -4
        width: 9
        height: 9
        rotation: 45
        color: Theme.accent
        border.color: Theme.node
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: eventPoint => {
            if (!root.selected)
                root.document.selection.current = root.nodeId
            const at = root.canvas.mapFromItem(null, eventPoint.scenePosition.x, eventPoint.scenePosition.y)
            root.canvas.openNodeMenu(root.nodeId, at, root.pinned, root.memberCount > 0)
        }
    }
    TapHandler {
        id: tap
        onDoubleTapped: if (root.memberCount > 0) root.document.canvas.expand(root.nodeId)
        onTapped: {
            root.canvas.forceActiveFocus()
            if (tap.point.modifiers & (Qt.ControlModifier | Qt.ShiftModifier))
                root.document.selection.toggle(root.nodeId)
            else
                root.document.selection.current = root.nodeId
        }
    }
    DragHandler {
        id: drag
        target: root
        onActiveChanged: {
            if (active) {
                root.canvas.forceActiveFocus()
                root.dragStart = Qt.point(root.x, root.y)
                if (!root.selected)
                    root.document.selection.current = root.nodeId
                root.document.beginMoveSelection()
                return
            }
            // The whole selection moves by what this node moved: one undo step.
            root.document.endMoveSelection(root.x - root.dragStart.x, root.y - root.dragStart.y)
            root.x = Qt.binding(() => root.nodeX)
            root.y = Qt.binding(() => root.nodeY)
        }
    }
    onXChanged: if (drag.active) document.moveSelectionBy(x - dragStart.x, y - dragStart.y)
    onYChanged: if (drag.active) document.moveSelectionBy(x - dragStart.x, y - dragStart.y)

    HoverHandler { id: hover }
    ToolTip.visible: hover.hovered && !drag.active && canvas.connectFrom === ""
    ToolTip.delay: 600
    ToolTip.text: kind + " " + (ns !== "" ? ns + "/" : "") + name + (problem !== "" ? "\n" + problem : "")
                  + (editable || missing ? "" : "\n" + (clusterMark !== "" && document.clusterContext !== ""
                                                        && document.clusterReadOnlyReason(nodeId) !== ""
                                                        ? qsTr("on the cluster: read-only until saved as a file")
                                                        : qsTr("read-only in this view")))

    // Routes: drag from here to a listener port or a Service to connect.
    ConnectHandle {
        visible: root.isRoute && root.editable && root.detailed
        x: root.width - width / 2
        y: 28 - height / 2
        nodeId: root.nodeId
        canvas: root.canvas
        startPoint: Qt.point(root.x + root.width, root.y + 28)
    }
}
