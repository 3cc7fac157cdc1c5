import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A listener drawn as a port on its Gateway: name, protocol and port, hostname, a TLS badge
// (Terminate or Passthrough), how many routes it has, and the connectors where certificate and
// route edges meet it.
Item {
    id: root

    required property var modelData
    required property string nodeId
    // The running local gateway (LiveGateway), or null: then the served port and bind errors show.
    property var live: null

    readonly property var port: modelData
    readonly property int servedPort: live && live.running && live.listeners ? live.listenerPort(nodeId, port.name) : 0
    readonly property string bindError: live && live.running && live.listeners ? live.listenerError(nodeId, port.name) : ""
    // Requests that reached this listener and matched no route (404), since the gateway started.
    readonly property int notRouted: live && live.running && live.totalRate >= 0 ? live.listenerNotRouted(nodeId, port.name) : 0

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
        border.color: root.port.health === "error" || root.bindError !== "" ? Theme.error : "transparent"
    }
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 14
        anchors.rightMargin: 14
        spacing: 6
        Text {
            text: root.port.name
            color: Theme.text
            font.pixelSize: Theme.fontSize - 1
            font.bold: true
            Layout.maximumWidth: 56
            elide: Text.ElideRight
        }
        Text {
            text: root.port.protocol + " " + root.port.port
                  + (root.servedPort > 0 && root.servedPort !== root.port.port ? " → :" + root.servedPort : "")
                  + (root.bindError !== "" ? " ✖" : "")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize - 1
        }
        Text {
            Layout.fillWidth: true
            text: root.port.hostname !== "" ? root.port.hostname : "*"
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize - 1
            elide: Text.ElideRight
        }
        Rectangle {
            visible: root.port.tlsMode !== ""
            implicitWidth: tls.implicitWidth + 8
            implicitHeight: 15
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
            HoverHandler { id: tlsHover }
            ToolTip.visible: tlsHover.hovered
            ToolTip.text: root.port.tlsMode === "Passthrough"
                          ? qsTr("TLS passthrough: encrypted traffic goes through to the backend")
                          : qsTr("TLS terminate: TLS ends here, the backend gets plain traffic")
        }
        Rectangle {
            objectName: "notRouted:" + root.nodeId + ":" + root.port.name
            visible: root.notRouted > 0
            implicitWidth: notRoutedText.implicitWidth + 8
            implicitHeight: 15
            radius: 3
            color: Theme.error
            Text {
                id: notRoutedText
                anchors.centerIn: parent
                text: qsTr("no route × %1").arg(root.notRouted)
                color: "white"
                font.pixelSize: 9
                font.bold: true
            }
            HoverHandler { id: notRoutedHover }
            ToolTip.visible: notRoutedHover.hovered
            ToolTip.text: qsTr("Not routed: %1 request(s) reached this listener's port and matched no route (answered 404; "
                               + "gRPC: UNIMPLEMENTED). Check their Host against the listener's and the routes' hostnames, and their path.")
                          .arg(root.notRouted)
        }
        Text {
            text: root.port.attachedRoutes
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            ToolTip.visible: countHover.hovered
            ToolTip.text: qsTr("%1 attached route(s)").arg(root.port.attachedRoutes)
            HoverHandler { id: countHover }
        }
    }
    // What an app team needs to attach: where the listener admits routes from, and for which hosts.
    HoverHandler { id: rowHover }
    ToolTip.visible: rowHover.hovered && !tlsHover.hovered && !notRoutedHover.hovered
    ToolTip.delay: 400
    ToolTip.text: (bindError !== "" ? qsTr("Not served: %1\n").arg(bindError)
                   : servedPort > 0 ? qsTr("Served locally on 127.0.0.1:%1\n").arg(servedPort) : "")
                  + qsTr("Listener %1: %2 on port %3, %4\nAdmits routes from %5\n%6 attached route(s)")
                  .arg(port.name).arg(port.protocol).arg(port.port)
                  .arg(port.hostname !== "" ? qsTr("host %1").arg(port.hostname) : qsTr("any host"))
                  .arg(port.allowedFrom === "All" ? qsTr("all namespaces")
                       : port.allowedFrom === "Selector" ? qsTr("namespaces matching its selector")
                       : qsTr("its own namespace only"))
                  .arg(port.attachedRoutes)

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
