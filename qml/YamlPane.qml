import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// The YAML of one of the document's files (a switcher when there are several), editable. Typing reparses after a short pause (one undo step per burst);
// errors are underlined at their line and column and listed below (click one to go there).
// Edits made elsewhere (canvas, inspector, undo) replace the text here. The text is laid out only
// while the pane is visible: a large file then costs nothing until someone looks at it.
Item {
    id: root

    required property Document document
    readonly property bool editing: area.activeFocus

    function goTo(line, column) {
        const lines = area.text.split("\n")
        let pos = 0
        for (let i = 0; i < line - 1 && i < lines.length; ++i)
            pos += lines[i].length + 1
        area.cursorPosition = Math.min(area.length, pos + Math.max(0, column - 1))
        area.forceActiveFocus()
    }

    objectName: "yamlPane"
    // The file the pending typing belongs to: selecting an object of another file switches the
    // pane, and what was typed is committed to its own file first.
    property int typedFile: 0

    Timer {
        id: reparse
        interval: 400
        onTriggered: root.document.edits.editYaml(area.text, root.typedFile)
    }
    function sync() {
        if (!visible || area.text === document.yamlText)
            return
        reparse.stop()
        const cursor = area.cursorPosition
        area.text = document.yamlText
        area.cursorPosition = Math.min(cursor, area.length)
    }
    onVisibleChanged: sync()
    Connections {
        target: root.document
        function onYamlTextChanged() { root.sync() }
        function onCurrentFileChanged() {
            if (!reparse.running)
                return
            reparse.stop()
            root.document.edits.editYaml(area.text, root.typedFile)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ComboBox {
            objectName: "fileSwitcher"
            Layout.fillWidth: true
            visible: root.document.fileNames.length > 1
            model: root.document.fileNames
            currentIndex: root.document.currentFile
            onActivated: index => root.document.currentFile = index
        }

        // Long lines scroll sideways (YAML's indentation is its structure: no wrapping).
        ScrollView {
            id: scroll
            objectName: "yamlScroll"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: Math.max(availableWidth, area.implicitWidth)
            // Shown whenever a line is longer than the pane, so that a person sees there is more.
            ScrollBar.horizontal.policy: contentWidth > availableWidth + 1 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff

            TextArea {
                id: area
                objectName: "yamlEditor"
                font.family: Theme.monoFont
                font.pixelSize: Theme.fontSize
                wrapMode: TextEdit.NoWrap
                selectByMouse: true
                color: Theme.text
                leftPadding: gutter.width + 8
                background: Rectangle { color: Theme.panel }
                onTextChanged: {
                    if (!root.visible || text === root.document.yamlText)
                        return
                    if (!reparse.running)
                        root.typedFile = root.document.currentFile
                    reparse.restart()
                }

                LineNumbers {
                    id: gutter
                    lineCount: area.lineCount
                    lineHeight: area.contentHeight / Math.max(1, area.lineCount)
                    topPadding: area.topPadding
                    viewTop: (scroll.contentItem as Flickable).contentY
                    viewHeight: scroll.height
                    errors: root.document.yamlErrors
                    height: area.height
                }
            }
        }
        YamlHighlighter {
            id: highlighter
            objectName: "yamlHighlighter"
            document: area.textDocument
            errors: root.document.yamlErrors
            dark: Theme.dark
        }
        YamlErrorList {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(96, implicitHeight)
            errors: root.document.yamlErrors
            onActivated: (line, column) => root.goTo(line, column)
        }
    }
}
