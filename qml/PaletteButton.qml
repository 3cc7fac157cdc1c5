import QtQuick
import QtQuick.Controls

// One kind in the palette: its colour and badge; a click creates one in the middle of the view.
AbstractButton {
    id: root

    required property string kind

    objectName: "palette-" + kind
    implicitWidth: 30
    implicitHeight: 26
    hoverEnabled: true
    ToolTip.visible: hovered
    ToolTip.text: qsTr("Add a %1").arg(kind)

    background: Rectangle {
        radius: 5
        color: root.enabled ? Theme.kindColor(root.kind) : Theme.border
        opacity: root.hovered ? 1.0 : 0.85
        border.color: root.down ? Theme.text : "transparent"
    }
    contentItem: Text {
        text: Theme.kindBadge(root.kind)
        color: "white"
        font.pixelSize: Theme.smallFontSize
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
}
