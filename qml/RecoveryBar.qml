import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// Offers back the unsaved edits an earlier session left in the autosave file (after a crash).
Rectangle {
    id: root

    required property Document document

    objectName: "recoveryBar"
    visible: document.files.recoveryAvailable
    height: visible ? Math.max(36, row.implicitHeight + 8) : 0
    color: Theme.accent

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: 8
        Label {
            Layout.fillWidth: true
            text: qsTr("%1 has unsaved edits from an earlier session.").arg(root.document.displayName)
            color: "white"
            font.bold: true
            wrapMode: Text.Wrap
        }
        Button {
            text: qsTr("Restore")
            onClicked: root.document.files.restoreRecovered()
        }
        Button {
            text: qsTr("Discard")
            onClicked: root.document.files.discardRecovered()
        }
    }
}
