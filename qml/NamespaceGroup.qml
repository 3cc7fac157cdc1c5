import QtQuick

// A namespace: a soft box behind its objects, named at the top left.
Rectangle {
    id: root

    required property string name
    required property real boxX
    required property real boxY
    required property real boxWidth
    required property real boxHeight

    x: boxX
    y: boxY
    width: boxWidth
    height: boxHeight
    radius: 12
    color: Theme.groupFill
    border.color: Theme.border
    border.width: 1

    Text {
        x: 12
        y: 5
        text: "namespace  " + root.name
        color: Theme.textMuted
        font.pixelSize: Theme.fontSize
        font.letterSpacing: 0.3
    }
}
