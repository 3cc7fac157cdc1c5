import QtQuick
import QtQuick.Layouts

// One condition: where (object, listener, parent), type, status and reason, and why.
Item {
    id: root

    required property var modelData

    implicitHeight: column.implicitHeight + 8

    Rectangle {
        x: 10
        y: 7
        width: 8
        height: 8
        radius: 4
        color: root.modelData.problem ? Theme.error : Theme.ok
    }
    ColumnLayout {
        id: column
        x: 26
        y: 3
        width: parent.width - 36
        spacing: 1
        Text {
            Layout.fillWidth: true
            text: "<b>" + root.modelData.type + "</b> " + root.modelData.status
                  + (root.modelData.reason !== "" ? " · " + root.modelData.reason : "")
                  + "  <font color='" + Theme.textMuted + "'>" + root.modelData.scope + "</font>"
            textFormat: Text.StyledText
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            color: Theme.text
            font.pixelSize: Theme.fontSize
        }
        Text {
            Layout.fillWidth: true
            text: root.modelData.message
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize + 1
        }
    }
}
