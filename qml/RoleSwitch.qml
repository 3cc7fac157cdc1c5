import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// Infra / App / All: which objects the view lets you edit. The others stay visible, read-only.
Row {
    id: root

    required property Document document

    spacing: 0

    Repeater {
        model: [
            { role: "infra", title: qsTr("Infra"), tip: qsTr("Edit GatewayClasses, Gateways, listeners and TLS; routes read-only") },
            { role: "app", title: qsTr("App"), tip: qsTr("Edit routes and backends; Gateways read-only, their listeners visible") },
            { role: "all", title: qsTr("All"), tip: qsTr("Edit everything") }
        ]
        delegate: Button {
            id: button
            required property var modelData
            required property int index
            objectName: "role-" + modelData.role
            text: modelData.title
            checkable: true
            checked: root.document.role === modelData.role
            onClicked: root.document.role = modelData.role
            flat: !checked
            implicitWidth: 52
            implicitHeight: 28
            ToolTip.visible: hovered
            ToolTip.text: modelData.tip
            contentItem: Text {
                text: button.text
                color: button.checked ? "white" : Theme.text
                font.pixelSize: Theme.fontSize
                font.bold: button.checked
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                color: button.checked ? Theme.accent : Theme.panelAlt
                border.color: Theme.border
                radius: 4
            }
        }
    }
}
