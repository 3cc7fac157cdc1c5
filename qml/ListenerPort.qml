import QtQuick
import QtQuick.Controls

// A listener drawn as a port on its Gateway: protocol, port, hostname, a TLS badge, how many
// routes it has, and the connectors where certificate and route edges meet it.
Item {
    id: root

    required property var modelData
    required property string nodeId

    readonly property var port: modelData

    objectName: "port:" + nodeId + ":" + port.name
    y: port.centerY - height / 2
    height: 26

    Rectangle {
        anchors.fill: parent
        anchors.leftMargin: 6
        anchors.rightMargin: 6
        anchors.topMargin: 2
        anchors.bottomMargin: 2
        radius: 4
        color: Theme.panelAlt
        border.color: root.port.health === "error" ? Theme.error : "transparent"
    }
    Row {
        x: 14
        anchors.verticalCenter: parent.verticalCenter
        spacing: 6
        Text {
            text: root.port.name
            color: Theme.text
            font.pixelSize: Theme.fontSize - 1
            font.bold: true
            width: Math.min(implicitWidth, 56)
            elide: Text.ElideRight
        }
        Text {
            text: root.port.protocol + " " + root.port.port
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize - 1
        }
        Text {
            text: root.port.hostname !== "" ? root.port.hostname : "*"
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize - 1
            width: Math.min(implicitWidth, 64)
            elide: Text.ElideRight
        }
    }
    Rectangle {
        visible: root.port.tlsMode !== ""
        anchors.right: count.left
        anchors.rightMargin: 4
        anchors.verticalCenter: parent.verticalCenter
        width: tls.implicitWidth + 8
        height: 15
        radius: 3
        color: Theme.tlsColor(root.port.tlsMode)
        Text {
            id: tls
            anchors.centerIn: parent
            text: root.port.tlsMode === "Passthrough" ? "TLS ⇢" : "TLS ■"
            color: "white"
            font.pixelSize: 9
            font.bold: true
        }
        ToolTip.visible: tlsHover.hovered
        ToolTip.text: qsTr("TLS %1").arg(root.port.tlsMode)
        HoverHandler { id: tlsHover }
    }
    Text {
        id: count
        anchors.right: parent.right
        anchors.rightMargin: 14
        anchors.verticalCenter: parent.verticalCenter
        text: root.port.attachedRoutes
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }
    // Connectors: certificates come in on the left, routes leave on the right.
    Repeater {
        model: 2
        delegate: Rectangle {
            required property int index
            x: index === 0 ? -4 : root.width - 4
            anchors.verticalCenter: parent.verticalCenter
            width: 8
            height: 8
            radius: 4
            color: Theme.healthColor(root.port.health)
            border.color: Theme.node
        }
    }
}
