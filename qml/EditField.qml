import QtQuick
import QtQuick.Controls

// A text field of the window's forms. Escape reverts to `committed` (the value the model holds)
// and leaves the field, handing the keyboard back to the window (its `focusHome`, the canvas), so
// that the window's shortcuts act on the selection again; Enter and leaving commit
// (editingFinished).
TextField {
    id: root

    property string committed: ""

    selectByMouse: true
    color: Theme.text
    font.pixelSize: Theme.fontSize
    // Escape belongs to the field, not to the window's Escape shortcut.
    Keys.onShortcutOverride: event => event.accepted = event.key === Qt.Key_Escape
    Keys.onEscapePressed: {
        text = committed
        const home = ApplicationWindow.window ? ApplicationWindow.window.focusHome : null
        if (home)
            home.forceActiveFocus()
        else
            focus = false
    }
}
