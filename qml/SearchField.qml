import QtQuick
import QtQuick.Controls
import GatewayStudio.Editor

// Search by id words ("httproute shop", "default/app"): the canvas draws what does not match
// faint. Enter shows the matches (and selects the only one); Escape clears.
TextField {
    id: root

    required property Document document
    signal fitMatchesRequested()

    objectName: "search"
    placeholderText: qsTr("Search (Ctrl+F)")
    font.pixelSize: Theme.fontSize
    selectByMouse: true
    color: Theme.text
    onTextChanged: document.filter.text = text
    onAccepted: {
        if (document.filter.singleMatch() !== "")
            document.selection.current = document.filter.singleMatch()
        fitMatchesRequested()
    }
    Keys.onEscapePressed: text = ""

    background: Rectangle {
        radius: 4
        color: Theme.panelAlt
        border.color: root.activeFocus ? Theme.accent : Theme.border
    }
    Text {
        anchors.right: parent.right
        anchors.rightMargin: 8
        anchors.verticalCenter: parent.verticalCenter
        visible: root.text !== ""
        text: root.document.filter.matchCount
        color: root.document.filter.matchCount > 0 ? Theme.textMuted : Theme.error
        font.pixelSize: Theme.smallFontSize
    }
}
