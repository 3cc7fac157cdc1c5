import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The typed form of the selected object. Each field commits when editing finishes; its
// validation errors show under it. Read-only when the role view does not own the kind.
Item {
    id: root

    required property Document document
    readonly property bool editing: list.activeFocus || (list.currentItem && list.currentItem.activeFocus)

    objectName: "inspector"

    Text {
        anchors.centerIn: parent
        visible: root.document.selectedId === ""
        width: parent.width - 40
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: qsTr("Select an object on the canvas to see its fields here.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
    }

    ListView {
        id: list
        objectName: "inspectorList"
        anchors.fill: parent
        anchors.margins: 10
        clip: true
        spacing: 4
        model: root.document.inspector
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        delegate: InspectorRow {
            width: ListView.view.width - 8
            document: root.document
            enabled: root.document.selectedEditable
        }
    }
}
