import QtQuick
import QtQuick.Controls

// The YAML pane's errors and warnings as "line:column message"; click one to go there.
ListView {
    id: root

    property var errors: []
    signal activated(int line, int column)

    objectName: "yamlErrors"
    implicitHeight: contentHeight
    clip: true
    model: errors
    visible: errors.length > 0
    ScrollBar.vertical: ScrollBar {}

    delegate: ItemDelegate {
        id: row
        required property var modelData
        width: ListView.view.width
        height: 22
        onClicked: root.activated(modelData.line, modelData.column)
        contentItem: Text {
            text: row.modelData.line + ":" + row.modelData.column + "  " + row.modelData.message
            elide: Text.ElideRight
            color: row.modelData.error ? Theme.error : Theme.warning
            font.pixelSize: Theme.smallFontSize + 1
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle { color: row.hovered ? Theme.panelAlt : Theme.panel }
    }
}
