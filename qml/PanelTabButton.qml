import QtQuick
import QtQuick.Controls

// A tab of the side and bottom panels, in the theme's colours (light and dark alike): the chosen
// tab is the panel's colour with an accent line under its name.
TabButton {
    id: control

    implicitHeight: 28
    contentItem: Text {
        text: control.text
        color: control.checked ? Theme.text : Theme.textMuted
        font.pixelSize: Theme.fontSize
        font.bold: control.checked
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        color: control.checked ? Theme.panel : control.hovered ? Theme.panel : Theme.panelAlt
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: control.checked ? 2 : 1
            color: control.checked ? Theme.accent : Theme.border
        }
        Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.border }
    }
}
