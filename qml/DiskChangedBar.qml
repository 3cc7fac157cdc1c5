import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Says which open files changed on disk (another editor, git checkout) and offers to reload
// them (dropping the edits made here) or to keep this version (the next save overwrites them).
Rectangle {
    id: root

    required property Document document

    objectName: "diskChangedBar"
    visible: document.files.changedOnDisk
    height: visible ? Math.max(36, row.implicitHeight + 8) : 0
    color: Theme.warning

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: 8
        Label {
            Layout.fillWidth: true
            text: qsTr("%1 changed on disk.").arg(root.document.files.changedOnDiskNames)
            color: "#1f2933"
            font.bold: true
            wrapMode: Text.Wrap
        }
        Button {
            text: qsTr("Reload")
            onClicked: root.document.files.reloadFromDisk()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Read the files again; edits made here since the last save are lost")
        }
        Button {
            text: qsTr("Keep mine")
            onClicked: root.document.files.keepMine()
        }
    }
}
