from cvo_workshop.cli import main

if __name__ == "__main__":
    main()
