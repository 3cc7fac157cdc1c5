import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The footer: the last message (a refusal says why), the open files, counts, the role view and the zoom.
Rectangle {
    id: root

    required property Document document
    property real zoom: 1

    implicitHeight: 26
    color: Theme.panel

    Rectangle { width: parent.width; height: 1; color: Theme.border }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 10
        spacing: 16
        Text {
            objectName: "message"
            Layout.fillWidth: true
            text: root.document.message
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }
        Text {
            objectName: "fileSet"
            text: root.document.displayName
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
            Layout.maximumWidth: 320
            elide: Text.ElideMiddle
        }
        Text {
            text: qsTr("%1 objects").arg(root.document.objectCount)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            text: qsTr("%1 errors, %2 warnings").arg(root.document.errorCount).arg(root.document.warningCount)
            color: root.document.errorCount > 0 ? Theme.error : Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            text: qsTr("view: %1").arg(root.document.role)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        Text {
            text: Math.round(root.zoom * 100) + "%"
            color: Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
    }
}
