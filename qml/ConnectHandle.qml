import QtQuick
import QtQuick.Controls

// The handle on a route: drag it onto a listener port (adds a parentRef with sectionName) or a
// Service (adds a backendRef of weight 1). The canvas asks the model whether that is allowed.
Rectangle {
    id: root

    required property string nodeId
    required property Item canvas   // the GraphCanvas (typed Item: it contains this file)
    required property point startPoint

    objectName: "connect:" + nodeId
    width: 16
    height: 16
    radius: 8
    color: drag.active || hover.hovered ? Theme.accent : Theme.node
    border.color: Theme.accent
    border.width: 2

    Text {
        anchors.centerIn: parent
        text: "+"
        color: drag.active || hover.hovered ? "white" : Theme.accent
        font.pixelSize: 12
        font.bold: true
    }

    HoverHandler { id: hover }
    ToolTip.visible: hover.hovered && !drag.active
    ToolTip.text: qsTr("Drag to a listener or a Service to connect")

    DragHandler {
        id: drag
        target: null
        onActiveChanged: {
            if (active)
                root.canvas.beginConnect(root.nodeId, root.startPoint)
            else
                root.canvas.finishConnect()
        }
        onCentroidChanged: if (active) root.canvas.moveConnect(centroid.scenePosition)
    }
}
