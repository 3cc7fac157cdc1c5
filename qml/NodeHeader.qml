import QtQuick

// The top of a node card: kind badge, kind and name, one line of detail, status dot.
Item {
    id: root

    required property string kind
    required property string name
    required property string subtitle
    required property string health
    required property bool editable

    height: 40

    Rectangle {
        id: badge
        width: 26
        height: 26
        radius: 6
        color: Theme.kindColor(root.kind)
        Text {
            anchors.centerIn: parent
            text: Theme.kindBadge(root.kind)
            color: "white"
            font.pixelSize: Theme.smallFontSize
            font.bold: true
        }
    }
    Text {
        id: kindText
        anchors.left: badge.right
        anchors.leftMargin: 8
        y: -2
        text: root.kind.toUpperCase() + (root.editable ? "" : "  · " + qsTr("read-only"))
        color: Theme.textMuted
        font.pixelSize: 9
        font.letterSpacing: 0.6
    }
    Text {
        anchors.left: kindText.left
        anchors.right: dot.left
        anchors.rightMargin: 6
        y: 10
        text: root.name
        elide: Text.ElideRight
        color: Theme.text
        font.pixelSize: 13
        font.bold: true
    }
    Text {
        anchors.left: kindText.left
        anchors.right: parent.right
        y: 28
        text: root.subtitle
        elide: Text.ElideRight
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize + 1
    }
    Rectangle {
        id: dot
        anchors.right: parent.right
        y: 2
        width: 10
        height: 10
        radius: 5
        visible: root.health !== "neutral"
        color: Theme.healthColor(root.health)
    }
}
