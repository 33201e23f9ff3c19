using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Tests.Collections;

public class UpdateInPlaceBindingTests
{
    // A row view model as an MVVM app writes one: state of its own (IsExpanded) next to what the step says.
    private sealed class RowViewModel(StepRow row) : INotifyPropertyChanged
    {
        private string _description = row.Description;
        private StatusState _state = row.State;

        public event PropertyChangedEventHandler? PropertyChanged;

        public int Step { get; } = row.Step;

        public bool IsExpanded { get; set; }

        public int Updates { get; private set; }

        public string Description
        {
            get => _description;
            set => Set(ref _description, value);
        }

        public StatusState State
        {
            get => _state;
            set => Set(ref _state, value);
        }

        public void Apply(StepRow row)
        {
            Updates++;
            Description = row.Description;
            State = row.State;
        }

        private void Set<T>(ref T field, T value, [CallerMemberName] string name = "")
        {
            if (!EqualityComparer<T>.Default.Equals(field, value))
            {
                field = value;
                PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(name));
            }
        }
    }

    [Fact]
    public void Rows_are_created_once_and_updated_in_place_keeping_their_own_state()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker);
        var rows = new ObservableCollection<RowViewModel>();
        var events = new List<string>();
        rows.CollectionChanged += (_, e) => events.Add($"{e.Action}@{e.NewStartingIndex}");
        using var binding = steps.Connect().BindSteps(rows, row => new RowViewModel(row), (vm, row) => vm.Apply(row), ui);

        tracker.Executing(2, "b");
        tracker.Executing(1, "a");
        ui.Start();
        var first = rows[0];
        var second = rows[1];
        first.IsExpanded = true;
        var changed = new List<string>();
        first.PropertyChanged += (_, e) => changed.Add(e.PropertyName!);

        tracker.Executing(1, "a 50%");
        tracker.Completed(1, "a done");
        tracker.Completed(2, "b done");
        ui.Start();

        Assert.Same(first, rows[0]);
        Assert.Same(second, rows[1]);
        Assert.True(first.IsExpanded);
        Assert.Equal(["a done", "b done"], rows.Select(r => r.Description));
        Assert.Equal([StatusState.Completed, StatusState.Completed], rows.Select(r => r.State));
        Assert.Equal((1, 1), (first.Updates, second.Updates)); // merged between two UI runs: one update per row
        Assert.Equal(["Description", "State"], changed);
        Assert.Equal(["Add@0", "Add@1"], events); // in step order; updates raise no collection event
    }

    [Fact]
    public void A_reset_clears_the_rows_and_the_next_steps_get_new_ones()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker);
        var rows = new ObservableCollection<RowViewModel>();
        using var binding = steps.Connect().BindSteps(rows, row => new RowViewModel(row), (vm, row) => vm.Apply(row), ui);
        tracker.Executing(1, "a");
        ui.Start();
        var before = rows[0];
        before.IsExpanded = true;

        tracker.Reset();
        tracker.Executing(1, "a again");
        ui.Start();

        var after = Assert.Single(rows);
        Assert.NotSame(before, after);
        Assert.False(after.IsExpanded);
        Assert.Equal("a again", after.Description);
    }

    [Fact]
    public void Null_arguments_throw()
    {
        var changes = new StepCollection(new ChatStatusTracker()).Connect();
        var rows = new ObservableCollection<RowViewModel>();
        Func<StepRow, RowViewModel> create = row => new RowViewModel(row);
        Action<RowViewModel, StepRow> update = (vm, row) => vm.Apply(row);
        var ui = new TestScheduler();

        Assert.Throws<ArgumentNullException>("changes", () => ((IObservable<StepChangeSet>)null!).BindSteps(rows, create, update, ui));
        Assert.Throws<ArgumentNullException>("target", () => changes.BindSteps(null!, create, update, ui));
        Assert.Throws<ArgumentNullException>("create", () => changes.BindSteps(rows, null!, update, ui));
        Assert.Throws<ArgumentNullException>("update", () => changes.BindSteps(rows, create, null!, ui));
        Assert.Throws<ArgumentNullException>("scheduler", () => changes.BindSteps(rows, create, update, null!));
    }
}
